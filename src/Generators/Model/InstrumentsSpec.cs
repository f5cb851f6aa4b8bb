using NumAgents.Instrumentation.Generators.Helpers;

namespace NumAgents.Instrumentation.Generators.Model;

/// <summary>
/// The span, timer and counter of one node class or method (each absent when its attribute is), its
/// <c>[Label]</c> members, what it is in the GenAI conventions, and the values it writes on its span at each
/// execution. Immutable and value-equal, or caching breaks.
/// </summary>
/// <param name="Trace">The span (also implied by a GenAI attribute).</param>
/// <param name="Timer">The timer.</param>
/// <param name="Counter">The counter.</param>
/// <param name="Labels">The <c>[Label]</c> members.</param>
/// <param name="GenAI">The GenAI attribute's site properties, if it has one the generator honours.</param>
/// <param name="SpanAttributes">The <c>[SpanAttribute]</c> members, in order.</param>
/// <param name="ToolCallId">The expression of the <c>[ToolCallId]</c> parameter, if any.</param>
internal sealed record InstrumentsSpec(
    TraceSpec? Trace,
    TimerSpec? Timer,
    CounterSpec? Counter,
    EquatableArray<DynamicLabelSpec> Labels,
    GenAISpec? GenAI,
    EquatableArray<SpanAttributeSpec> SpanAttributes,
    string? ToolCallId);
