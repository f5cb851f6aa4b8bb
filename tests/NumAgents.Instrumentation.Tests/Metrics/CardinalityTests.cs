namespace NumAgents.Instrumentation.Tests.Metrics;

public sealed class CardinalityTests
{
    [Fact]
    public void Label_sets_past_the_limit_fold_into_the_overflow_series_and_nothing_is_lost()
    {
        var monitor = new AgentMonitor(new MonitorOptions { MaxLabelSetsPerMetric = 10 });
        var metrics = monitor.Metrics;
        for (var user = 0; user < 18; user++)
        {
            metrics.Counter("logins", 2, [("user", $"u{user}")]);
        }

        metrics.Counter("logins", 2, [("user", "u17")]);

        var series = metrics.GetMetric("logins");
        Assert.Equal(11, series.Count);
        Assert.Equal(38, series.Sum(m => m.Value));
        var overflow = Assert.Single(series, m => m.Labels.ContainsKey("otel_metric_overflow"));
        Assert.Equal("true", overflow.Labels["otel_metric_overflow"]);
        Assert.Equal(18, overflow.Value);
        Assert.Equal(18, metrics.GetCounterValue("logins", [("otel_metric_overflow", "true")]));
        Assert.Equal(0, metrics.GetCounterValue("logins", [("user", "u15")]));

        var stats = monitor.GetStatistics();
        Assert.Equal(8, stats.FoldedLabelSets);
        Assert.Equal(11, stats.MetricsCount);
        Assert.Contains("logins_total{otel_metric_overflow=\"true\"} 18", metrics.ExportPrometheus(), StringComparison.Ordinal);
    }

    [Fact]
    public void Default_limit_is_two_thousand()
    {
        var metrics = new MetricsCollector();
        for (var i = 0; i < 2100; i++)
        {
            metrics.Counter("wide", labels: [("id", i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        }

        Assert.Equal(2001, metrics.GetMetric("wide").Count);
        Assert.Equal(2000, MetricsOptions.DefaultMaxLabelSetsPerMetric);
        Assert.Equal(MetricsOptions.DefaultMaxLabelSetsPerMetric, MonitorOptions.DefaultMaxLabelSetsPerMetric);
    }
}
