namespace NumAgents.Instrumentation.Tests.Reliability;

/// <summary>Found by the hostile-input property: a call rejected for its labels used to leave its description as the metric's HELP text.</summary>
public sealed class RejectedCallLeavesNothingTests
{
    [Fact]
    public void A_call_rejected_for_its_labels_does_not_set_the_description()
    {
        var metrics = new MetricsCollector();
        metrics.Counter("jobs.done");

        var rejected = Assert.Throws<ArgumentException>(() => metrics.Counter("jobs.done", labels: [("", "x")], description: "from a rejected call"));
        Assert.Contains("jobs.done", rejected.Message, StringComparison.Ordinal);

        Assert.Contains("# HELP jobs_done_total jobs.done\n", metrics.ExportPrometheus(), StringComparison.Ordinal);
        metrics.Counter("jobs.done", description: "Jobs completed");
        Assert.Contains("# HELP jobs_done_total Jobs completed\n", metrics.ExportPrometheus(), StringComparison.Ordinal);
    }
}
