using NumAgents.Core;

namespace NumAgents.Instrumentation.Tests.Core;

public sealed class ConditionalNodeTests
{
    [Theory]
    [InlineData(150, "premium", "standard")]
    [InlineData(50, "standard", "premium")]
    public void The_predicate_over_the_store_picks_the_branch(int total, string taken, string skipped)
    {
        var premium = new DelegateNode("premium");
        var standard = new DelegateNode("standard");
        var check = new ConditionalNode(s => s.GetRequired<int>("total") > 100, premium, standard, name: "is_premium");
        var done = new DelegateNode("done");
        premium.AddNext(done);
        standard.AddNext(done);

        var load = new DelegateNode("load");
        var result = new Flow([load]).AddTransition(load, check).Execute(new Dictionary<string, object?> { ["total"] = total });

        Assert.Equal(["load", "is_premium", taken, "done"], result.NodesExecuted);
        Assert.False(result.ContainsKey(skipped));
        Assert.Equal(total > 100, result["is_premium"][ConditionalNode.ConditionKey]);
        Assert.Equal(taken, result["is_premium"][ConditionalNode.BranchKey]);
    }

    [Fact]
    public void A_missing_branch_ends_that_path()
    {
        var after = new DelegateNode("after");
        var check = new ConditionalNode(_ => false, trueBranch: after, name: "check");

        var result = new Flow([check]).Execute();

        Assert.Equal(["check"], result.NodesExecuted);
        Assert.Null(result["check"][ConditionalNode.BranchKey]);
    }

    [Fact]
    public void A_failed_predicate_routes_nowhere_when_errors_are_collected()
    {
        var yes = new DelegateNode("yes");
        var no = new DelegateNode("no");
        var check = new ConditionalNode(s => s.GetRequired<bool>("flag"), yes, no, name: "check");

        var result = new Flow([check]) { FailFast = false }.Execute();

        Assert.Equal(["check"], result.NodesExecuted);
        Assert.IsType<KeyNotFoundException>(Assert.Single(result.Errors).Exception);
    }

    [Fact]
    public void A_predicate_is_required()
    {
        Assert.Throws<ArgumentNullException>(() => new ConditionalNode(null!));
    }
}
