using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NumAgents.Instrumentation.Generators.Helpers;
using NumAgents.Instrumentation.Generators.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Generators.Tests;

/// <summary>The pipeline caches: an edit that changes nothing it reads re-emits nothing.</summary>
public sealed class IncrementalTests
{
    private const string Nodes = """
        using NumAgents.Core;
        using NumAgents.Instrumentation;

        namespace Shop.Nodes;

        [Traced, Timed, Counted]
        public partial class LoadNode : Node
        {
            protected override NodeResult Exec(SharedStore shared) => new();
        }

        [Timed]
        public partial class SaveNode : Node
        {
            protected override NodeResult Exec(SharedStore shared) => new();
        }

        [Counted]
        public partial class CountNode : Node
        {
            protected override NodeResult Exec(SharedStore shared) => new();
        }
        """;

    /// <summary>One node per GenAI pipeline: each class is described by the pipeline of its first attribute.</summary>
    private const string GenAINodes = """
        using NumAgents.Core;
        using NumAgents.Instrumentation;

        namespace Shop.AgentNodes;

        [Agent(Id = "assistant-1")]
        public partial class AssistantNode : Node
        {
            [SpanAttribute] public string? ConversationId { get; set; }
            protected override NodeResult Exec(SharedStore shared) => new();
        }

        [Tool("calculator")]
        public partial class CalculatorNode : Node
        {
            protected override NodeResult Exec(SharedStore shared) => new();
        }

        [Retrieval("kb")]
        public partial class KnowledgeNode : Node
        {
            protected override NodeResult Exec(SharedStore shared) => new();
        }
        """;

    /// <summary>An LLM call declared apart from its caller, so an edit to the declaration moves no call site.</summary>
    private const string LlmCall = """
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using NumAgents.Instrumentation;

        namespace Shop.Agents;

        public sealed class Assistant
        {
            [LlmCall(Provider = "openai", Model = "gpt-4o-mini")]
            public Task<ChatResponse> AskAsync(string question, [SpanAttribute] string conversationId) => Task.FromResult(new ChatResponse());

            [Tool]
            public string Weather([ToolCallId] string callId) => "sunny";
        }
        """;

    private const string LlmCaller = """
        namespace Shop.Agents;

        public static class Caller
        {
            public static async System.Threading.Tasks.Task RunAsync(Assistant assistant)
            {
                await assistant.AskAsync("hi", "c-1");
                assistant.Weather("call-1");
            }
        }
        """;

    private const string Unrelated = """
        namespace Shop.Other;

        public static class Helper
        {
            public static int Twice(int value) => value * 2;

            public static int Use() => Twice(21);
        }
        """;

    /// <summary>Every step that has a tracking name, so none can be forgotten by this test.</summary>
    private static readonly string[] s_trackedSteps =
    [
        TrackingNames.Options,
        TrackingNames.TracedNodes, TrackingNames.TracedNodes + TrackingNames.WithOptionsSuffix, TrackingNames.TracedNodes + TrackingNames.GeneratedSuffix, TrackingNames.TracedNodes + TrackingNames.SpecSuffix,
        TrackingNames.TimedNodes, TrackingNames.TimedNodes + TrackingNames.WithOptionsSuffix, TrackingNames.TimedNodes + TrackingNames.GeneratedSuffix, TrackingNames.TimedNodes + TrackingNames.SpecSuffix,
        TrackingNames.CountedNodes, TrackingNames.CountedNodes + TrackingNames.WithOptionsSuffix, TrackingNames.CountedNodes + TrackingNames.GeneratedSuffix, TrackingNames.CountedNodes + TrackingNames.SpecSuffix,
        TrackingNames.AgentNodes, TrackingNames.AgentNodes + TrackingNames.WithOptionsSuffix, TrackingNames.AgentNodes + TrackingNames.GeneratedSuffix, TrackingNames.AgentNodes + TrackingNames.SpecSuffix,
        TrackingNames.ToolNodes, TrackingNames.ToolNodes + TrackingNames.WithOptionsSuffix, TrackingNames.ToolNodes + TrackingNames.GeneratedSuffix, TrackingNames.ToolNodes + TrackingNames.SpecSuffix,
        TrackingNames.RetrievalNodes, TrackingNames.RetrievalNodes + TrackingNames.WithOptionsSuffix, TrackingNames.RetrievalNodes + TrackingNames.GeneratedSuffix, TrackingNames.RetrievalNodes + TrackingNames.SpecSuffix,
        TrackingNames.CallSites, TrackingNames.InstrumentedCallSites, TrackingNames.InstrumentedCallSiteSpecs,
        TrackingNames.AllCallSites, TrackingNames.AllCallSitesWithOptions, TrackingNames.Interceptors,
    ];

    [Fact]
    public void An_unrelated_edit_leaves_every_tracked_step_cached_or_unchanged()
    {
        var compilation = GeneratorHarness.CreateCompilation([("Nodes.cs", Nodes), ("Services.cs", Sources.SyncMethods), ("Async.cs", Sources.AsyncMethods), ("GenAI.cs", Sources.GenAI), ("GenAINodes.cs", GenAINodes), ("Other.cs", Unrelated)]);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single();
        Assert.Null(first.Exception);
        Assert.NotEmpty(first.GeneratedSources);

        var edited = Replace(compilation, "Other.cs", Unrelated.Replace("value * 2", "value + value", StringComparison.Ordinal));
        var second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.Equal(first.GeneratedSources.Select(s => s.HintName), second.GeneratedSources.Select(s => s.HintName));
        foreach (var name in s_trackedSteps)
        {
            Assert.True(second.TrackedSteps.ContainsKey(name), $"step {name} was not tracked");
            foreach (var step in second.TrackedSteps[name])
            {
                foreach (var (_, reason) in step.Outputs)
                {
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {name} output was {reason}");
                }
            }
        }

        foreach (var output in second.TrackedOutputSteps.SelectMany(o => o.Value).SelectMany(s => s.Outputs))
        {
            Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"an output was {output.Reason}");
        }
    }

    [Fact]
    public void Changing_an_attribute_regenerates_only_what_it_describes()
    {
        var compilation = GeneratorHarness.CreateCompilation([("Nodes.cs", Nodes), ("Services.cs", Sources.SyncMethods)]);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var before = driver.GetRunResult();

        var edited = Replace(compilation, "Nodes.cs", Nodes.Replace("[Timed]", "[Timed(\"save.duration\")]", StringComparison.Ordinal));
        var after = driver.RunGenerators(edited).GetRunResult().Results.Single();

        // The Timed pipeline saw a modified spec; the Traced and Counted ones did not.
        Assert.Contains(after.TrackedSteps[TrackingNames.TimedNodes + TrackingNames.SpecSuffix].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.All(after.TrackedSteps[TrackingNames.TracedNodes + TrackingNames.SpecSuffix].SelectMany(s => s.Outputs), o => Assert.NotEqual(IncrementalStepRunReason.Modified, o.Reason));
        Assert.All(after.TrackedSteps[TrackingNames.Interceptors].SelectMany(s => s.Outputs), o => Assert.NotEqual(IncrementalStepRunReason.Modified, o.Reason));
        Assert.Contains("\"save.duration\"", after.GeneratedSources.Single(s => s.HintName == "Shop.Nodes.SaveNode.8f885c2f.Instrumentation.g.cs").SourceText.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("\"save.duration\"", before.Results.Single().GeneratedSources.Single(s => s.HintName == "Shop.Nodes.SaveNode.8f885c2f.Instrumentation.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Changing_a_GenAI_attribute_regenerates_only_what_it_describes()
    {
        var compilation = GeneratorHarness.CreateCompilation([("Nodes.cs", Nodes), ("GenAINodes.cs", GenAINodes), ("LlmCall.cs", LlmCall), ("Caller.cs", LlmCaller)]);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var edited = Replace(compilation, "GenAINodes.cs", GenAINodes.Replace("[Agent(Id = \"assistant-1\")]", "[Agent(Id = \"assistant-2\")]", StringComparison.Ordinal));
        var after = driver.RunGenerators(edited).GetRunResult().Results.Single();

        // The agent node's spec changed; the tool and retrieval nodes', the other pipelines' and the interceptors' did not.
        Assert.Contains(after.TrackedSteps[TrackingNames.AgentNodes + TrackingNames.SpecSuffix].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        foreach (var name in new[] { TrackingNames.ToolNodes, TrackingNames.RetrievalNodes, TrackingNames.TracedNodes, TrackingNames.CountedNodes })
        {
            Assert.All(after.TrackedSteps[name + TrackingNames.SpecSuffix].SelectMany(s => s.Outputs), o => Assert.NotEqual(IncrementalStepRunReason.Modified, o.Reason));
        }

        Assert.All(after.TrackedSteps[TrackingNames.Interceptors].SelectMany(s => s.Outputs), o => Assert.NotEqual(IncrementalStepRunReason.Modified, o.Reason));
        Assert.Contains("AgentId = \"assistant-2\"", after.GeneratedSources.Single(s => s.HintName.StartsWith("Shop.AgentNodes.AssistantNode.", StringComparison.Ordinal)).SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Changing_a_span_attribute_of_an_LLM_call_regenerates_its_interceptor_alone()
    {
        var compilation = GeneratorHarness.CreateCompilation([("GenAINodes.cs", GenAINodes), ("LlmCall.cs", LlmCall), ("Caller.cs", LlmCaller)]);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var edited = Replace(compilation, "LlmCall.cs", LlmCall.Replace("string question, [SpanAttribute] string conversationId", "string question, [SpanAttribute(\"gen_ai.conversation.id\")] string conversationId", StringComparison.Ordinal));
        var after = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var modified = after.TrackedSteps[TrackingNames.Interceptors].SelectMany(s => s.Outputs).Where(o => o.Reason == IncrementalStepRunReason.Modified).ToList();
        var changed = Assert.Single(modified);
        Assert.Equal("AskAsync", ((Model.InterceptorSpec)changed.Value).Method.MethodName);
        Assert.All(after.TrackedSteps[TrackingNames.AgentNodes + TrackingNames.SpecSuffix].SelectMany(s => s.Outputs), o => Assert.NotEqual(IncrementalStepRunReason.Modified, o.Reason));
        Assert.Contains("__call.SetSpanAttribute(\"gen_ai.conversation.id\", conversationId);", after.GeneratedSources.Single(s => s.HintName.StartsWith("Shop.Agents.Assistant.AskAsync.", StringComparison.Ordinal)).SourceText.ToString(), StringComparison.Ordinal);
    }

    private static CSharpCompilation Replace(CSharpCompilation compilation, string path, string source)
    {
        var old = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(source, (CSharpParseOptions)old.Options, path));
    }
}
