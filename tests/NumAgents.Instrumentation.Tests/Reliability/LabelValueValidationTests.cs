namespace NumAgents.Instrumentation.Tests.Reliability;

/// <summary>
/// Found by the hostile-input property: inputs that were accepted but could not export faithfully.
/// </summary>
public sealed class LabelValueValidationTests
{
    // By index: a lone surrogate does not survive the test runner's serialization of theory data.
    public static TheoryData<int> LoneSurrogates => [0, 1, 2];

    [Theory]
    [MemberData(nameof(LoneSurrogates))]
    public void A_label_value_with_a_lone_surrogate_is_rejected_naming_the_metric_and_the_label(int which)
    {
        var value = which switch
        {
            0 => "\uD800",
            1 => "abc\uDC00",
            _ => "\uDE00\uD83D",
        };
        var metrics = new MetricsCollector();

        // UTF-8 has no encoding for it: it would export as U+FFFD, the same text as a real U+FFFD.
        var rejected = Assert.Throws<ArgumentException>(() => metrics.Counter("uploads", labels: [("file", value)]));

        Assert.Contains("'uploads'", rejected.Message, StringComparison.Ordinal);
        Assert.Contains("'file'", rejected.Message, StringComparison.Ordinal);
        Assert.Contains("lone surrogate", rejected.Message, StringComparison.Ordinal);
        Assert.Empty(metrics.GetAllMetrics());
    }

    [Fact]
    public void Surrogate_pairs_are_accepted_and_exported_as_UTF8()
    {
        var metrics = new MetricsCollector();
        metrics.Counter("reactions", labels: [("emoji", "😀")]);
        Assert.Contains("reactions_total{emoji=\"😀\"} 1\n", metrics.ExportPrometheus(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("otel_metric_overflow")]
    [InlineData("otel.metric.overflow")]
    public void The_overflow_label_is_reserved(string key)
    {
        var metrics = new MetricsCollector(new MetricsOptions { MaxLabelSetsPerMetric = 2 });
        metrics.Counter("logins", labels: [("user", "a")]);

        // A caller's series with this label could export exactly like the overflow series created later.
        var rejected = Assert.Throws<ArgumentException>(() => metrics.Counter("logins", labels: [(key, "yes")]));
        Assert.Contains("'logins'", rejected.Message, StringComparison.Ordinal);
        Assert.Contains("reserved", rejected.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => metrics.Counter("logins", labels: [(key, "true"), ("user", "z")]));
    }

    [Fact]
    public void Exactly_the_overflow_label_set_addresses_the_overflow_series_and_never_duplicates_it()
    {
        var metrics = new MetricsCollector(new MetricsOptions { MaxLabelSetsPerMetric = 2 });
        metrics.Counter("logins", labels: [("otel_metric_overflow", "true")]);
        metrics.Counter("logins", labels: [("user", "b")]);
        metrics.Counter("logins", labels: [("user", "c")]);
        metrics.Counter("logins", labels: [("user", "d")]);

        var text = metrics.ExportPrometheus();
        Assert.Equal(1, text.Split('\n').Count(l => l.StartsWith("logins_total{otel_metric_overflow=", StringComparison.Ordinal)));
        Assert.Equal(2, metrics.GetCounterValue("logins", [("otel_metric_overflow", "true")]));
    }

    [Fact]
    public void A_held_overflow_handle_keeps_counting_after_Clear()
    {
        // Found by the stress test: the retired overflow handle rebinds with the reserved label set.
        using var monitor = new AgentMonitor(new MonitorOptions { MaxLabelSetsPerMetric = 1 });
        monitor.Metrics.Counter("logins", labels: [("user", "a")]);
        var folded = monitor.Metrics.GetCounter("logins", [("user", "b")]);
        monitor.Clear();

        folded.Add(2);

        Assert.Equal(2, monitor.Metrics.GetCounterValue("logins", [("otel_metric_overflow", "true")]));
        Assert.Equal(0, monitor.GetStatistics().InstrumentationErrors);
    }
}
