using NumAgents.Instrumentation.Validation;

namespace NumAgents.Instrumentation.Generators.Helpers;

/// <summary>Metadata names the parser looks for and fully qualified names the emitter writes.</summary>
internal static class KnownNames
{
    public const string TracedAttribute = "NumAgents.Instrumentation.TracedAttribute";
    public const string TimedAttribute = "NumAgents.Instrumentation.TimedAttribute";
    public const string CountedAttribute = "NumAgents.Instrumentation.CountedAttribute";
    public const string LabelAttribute = "NumAgents.Instrumentation.LabelAttribute";
    public const string AgentAttribute = "NumAgents.Instrumentation.AgentAttribute";
    public const string ToolAttribute = "NumAgents.Instrumentation.ToolAttribute";
    public const string RetrievalAttribute = "NumAgents.Instrumentation.RetrievalAttribute";
    public const string Node = "NumAgents.Core.Node";
    public const string AsyncNode = "NumAgents.Core.AsyncNode";
    public const string InvokeNode = NodeRules.InvokeNode;
    public const string InvokeNodeAsync = NodeRules.InvokeNodeAsync;
    public const string InvokeNodeUninstrumented = NodeRules.InvokeNodeUninstrumented;
    public const string InvokeNodeAsyncUninstrumented = NodeRules.InvokeNodeAsyncUninstrumented;

    public const string GeneratedNamespace = InterceptionRules.GeneratedNamespace;
    public const string AgentMonitor = "global::NumAgents.Instrumentation.AgentMonitor";
    public const string IsEnabled = "global::NumAgents.Instrumentation.GeneratedInstrumentation.IsEnabled";
    public const string Site = "global::NumAgents.Instrumentation.Generated.InstrumentationSite";
    public const string Binding = "global::NumAgents.Instrumentation.Generated.InstrumentationBinding";
    public const string InstrumentedCall = "global::NumAgents.Instrumentation.Generated.InstrumentedCall";
    public const string LabelValue = "global::NumAgents.Instrumentation.Generated.LabelValue";
    public const string InstrumentedAsyncEnumerable = "global::NumAgents.Instrumentation.Generated.InstrumentedAsyncEnumerable";
    public const string GenAIConventions = "global::NumAgents.Instrumentation.GenAIConventions";
    public const string TokenUsage = "global::NumAgents.Instrumentation.TokenUsage";
    public const string TokenUsageReport = "global::NumAgents.Instrumentation.ITokenUsageReport";
    public const string ChatResponse = "global::Microsoft.Extensions.AI.ChatResponse";
    public const string UsageDetails = "global::Microsoft.Extensions.AI.UsageDetails";
    public const string NodeResult = "global::NumAgents.Core.NodeResult";
    public const string SharedStore = "global::NumAgents.Core.SharedStore";
    public const string Exception = "global::System.Exception";
    public const string Task = "global::System.Threading.Tasks.Task";
    public const string ValueTask = "global::System.Threading.Tasks.ValueTask";
    public const string CancellationToken = "global::System.Threading.CancellationToken";
    public const string AggressiveInlining = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]";
    public const string EditorBrowsableNever = "[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]";
}
