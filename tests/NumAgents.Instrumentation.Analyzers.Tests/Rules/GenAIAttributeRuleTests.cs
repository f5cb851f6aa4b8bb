using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using NumAgents.Instrumentation.Analyzers.Rules;
using NumAgents.Instrumentation.Analyzers.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Analyzers.Tests.Rules;

/// <summary>
/// The GenAI attributes instrument a class or method as [Traced] does, so the rules about where the generator can
/// instrument (NAI0007-NAI0010, NAI0015) see them too; their names are agents' and tools', never checked as span or metric names.
/// </summary>
public sealed class GenAIAttributeRuleTests
{
    [Fact]
    public async Task A_GenAI_attribute_alone_makes_a_node_class_instrumented_and_a_class_that_is_not_a_node_is_reported()
    {
        const string source = """
            using NumAgents.Core;
            using NumAgents.Instrumentation;

            [Agent("planner")]
            public class {|#0:PlannerNode|} : Node
            {
                protected override NodeResult Exec(SharedStore shared) => new();
            }

            [{|#1:Tool("search")|}]
            public class SearchService
            {
            }

            [Retrieval("kb")]
            public partial class KnowledgeNode : Node
            {
                protected override NodeResult Exec(SharedStore shared) => new();
            }
            """;

        await Verify<InstrumentationAttributeAnalyzer>.AnalyzerAsync(
            source,
            new DiagnosticResult(InstrumentationAttributeAnalyzer.MustBePartialRule).WithLocation(0).WithArguments("PlannerNode", "Agent", "'PlannerNode'"),
            new DiagnosticResult(InstrumentationAttributeAnalyzer.RequiresNodeRule).WithLocation(1).WithArguments("Tool", "SearchService"));
    }

    [Fact]
    public async Task A_GenAI_method_that_cannot_be_intercepted_is_reported()
    {
        const string source = """
            using NumAgents.Instrumentation;

            public class Client
            {
                [{|#0:LlmCall|}] private string Ask() => "";
                [Tool] public string Run() => Ask();
            }
            """;

        await Verify<InstrumentationAttributeAnalyzer>.AnalyzerAsync(
            source,
            new DiagnosticResult(InstrumentationAttributeAnalyzer.NeverInterceptedRule).WithLocation(0).WithArguments("LlmCall", "Client.Ask", "it is private, so the generated interceptor, outside its type, cannot call it"));
    }

    [Fact]
    public async Task Without_the_interceptors_opt_in_a_called_GenAI_method_is_reported()
    {
        const string source = """
            using NumAgents.Instrumentation;

            public class Client
            {
                [{|#0:Tool("get_weather")|}] public string Weather() => "sunny";
                public string Run() => Weather();
            }
            """;

        await Verify<ProjectSetupAnalyzer>.AnalyzerAsync(
            source,
            new Verify<ProjectSetupAnalyzer>.Options { ParseOptions = new CSharpParseOptions(LanguageVersion.CSharp13) },
            new DiagnosticResult(ProjectSetupAnalyzer.NotEnabledRule).WithLocation(0).WithArguments(
                "Client.Weather",
                "calls are intercepted only in a project that lists 'NumAgents.Instrumentation.Generated' in the MSBuild property InterceptorsNamespaces; "
                + "add <InterceptorsNamespaces>$(InterceptorsNamespaces);NumAgents.Instrumentation.Generated</InterceptorsNamespaces> "
                + "(the NumAgents.Instrumentation package does, a ProjectReference to the generator does not)"));
    }

    [Fact]
    public async Task Agent_and_tool_names_are_not_span_or_metric_names()
    {
        const string source = """
            using NumAgents.Instrumentation;

            public class Client
            {
                [Agent("Planner"), Tool("getWeather")] public void Names() { }
                [Traced({|#0:"Planner"|})] public void SpanName() { }
            }
            """;

        await Verify<NamingConventionAnalyzer>.AnalyzerAsync(source, new DiagnosticResult(NamingConventionAnalyzer.Rule).WithLocation(0).WithArguments("Span", "Planner", "; use 'planner'"));
    }
}
