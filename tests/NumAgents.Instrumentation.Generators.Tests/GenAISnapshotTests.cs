using NumAgents.Instrumentation.Generators.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Generators.Tests;

/// <summary>
/// The generated code of GenAI methods and node classes (issue 14), compared with its checked-in baselines, and compiled:
/// the site's GenAI properties, usage read from each kind of result, tool call ids, span attributes and counter units.
/// </summary>
public sealed class GenAISnapshotTests
{
    [Fact]
    public void GenAI_methods_and_nodes_match_their_baselines_and_compile_cleanly()
    {
        var run = GeneratorHarness.Run(Sources.GenAI);
        Assert.Null(run.GeneratorException);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems());

        // Thirteen methods, each called once, and four node classes.
        Assert.Equal(17, run.Sources.Count);
        Assert.Equal(13, run.Sources.Sum(s => s.SourceText.ToString().Split("[global::System.Runtime.CompilerServices.InterceptsLocation(").Length - 1));
        foreach (var generated in run.Sources)
        {
            Snapshot.Match(generated.HintName, generated.SourceText.ToString());
        }
    }

    [Fact]
    public void Only_the_counts_the_referenced_version_declares_are_read_and_int_counts_are_taken_as_they_are()
    {
        // An older Microsoft.Extensions.AI: no cached or reasoning counts, int counts, no ModelId. Matched by metadata name.
        const string source = """
            using System.Threading.Tasks;
            using NumAgents.Instrumentation;

            namespace Microsoft.Extensions.AI
            {
                public class UsageDetails
                {
                    public int? InputTokenCount { get; set; }

                    public long OutputTokenCount { get; set; }
                }

                public class ChatResponse
                {
                    public UsageDetails? Usage { get; set; }
                }
            }

            namespace Shop
            {
                public sealed class OldClient
                {
                    [LlmCall]
                    public Task<Microsoft.Extensions.AI.ChatResponse> AskAsync() => Task.FromResult(new Microsoft.Extensions.AI.ChatResponse());

                    [LlmCall]
                    public Microsoft.Extensions.AI.UsageDetails Count() => new();

                    public async Task RunAsync()
                    {
                        await AskAsync();
                        Count();
                    }
                }
            }
            """;
        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation([("Program.cs", source)], references: GeneratorHarness.ReferencesWithoutAI));
        Assert.Null(run.GeneratorException);
        Assert.Empty(run.CompilationProblems());
        var ask = run.Sources.Single(s => s.HintName.StartsWith("Shop.OldClient.AskAsync.", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("__call.RecordTokenUsage(__usage?.InputTokenCount, __usage?.OutputTokenCount, null, null, null);", ask, StringComparison.Ordinal);
        var count = run.Sources.Single(s => s.HintName.StartsWith("Shop.OldClient.Count.", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("__call.RecordTokenUsage(__usage.InputTokenCount, __usage.OutputTokenCount, null, null, null);", count, StringComparison.Ordinal);
    }

    [Fact]
    public void A_result_that_carries_no_usage_is_called_as_any_traced_method()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Microsoft.Extensions.AI;
            using NumAgents.Instrumentation;

            namespace Shop;

            public sealed class Client
            {
                [LlmCall] public string Text() => "";
                [LlmCall] public Task Fire() => Task.CompletedTask;
                [LlmCall] public async IAsyncEnumerable<ChatResponseUpdate> StreamAsync() { await Task.Yield(); yield break; }

                public async Task RunAsync()
                {
                    Text();
                    await Fire();
                    await foreach (var _ in StreamAsync()) { }
                }
            }
            """;
        var run = GeneratorHarness.Run(source);
        Assert.Empty(run.CompilationProblems());
        Assert.Equal(3, run.Sources.Count);
        Assert.All(run.Sources, s => Assert.DoesNotContain("__RecordUsage", s.SourceText.ToString(), StringComparison.Ordinal));
        Assert.All(run.Sources, s => Assert.Contains("GenAIOperation = global::NumAgents.Instrumentation.GenAIConventions.Chat,", s.SourceText.ToString(), StringComparison.Ordinal));
    }
}
