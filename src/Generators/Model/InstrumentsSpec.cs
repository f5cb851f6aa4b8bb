using NumAgents.Instrumentation.Generators.Helpers;

namespace NumAgents.Instrumentation.Generators.Model;

/// <summary>
/// The span, timer and counter of one node class or method (each absent when its attribute is), and
/// its <c>[Label]</c> members. Immutable and value-equal, or caching breaks.
/// </summary>
internal sealed record InstrumentsSpec(TraceSpec? Trace, TimerSpec? Timer, CounterSpec? Counter, EquatableArray<DynamicLabelSpec> Labels);
