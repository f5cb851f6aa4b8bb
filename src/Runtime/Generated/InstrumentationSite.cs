using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace NumAgents.Instrumentation.Generated;

/// <summary>
/// What one attributed node class or method records, as the source generator compiled it from
/// <see cref="TracedAttribute"/>, <see cref="TimedAttribute"/>, <see cref="CountedAttribute"/> and
/// <see cref="LabelAttribute"/>. Generated code keeps one in a static field and resolves it to an
/// <see cref="InstrumentationBinding"/> per monitor. Not meant to be used by hand.
/// </summary>
/// <remarks>
/// Resolving is the hot path of every instrumented execution: it compares the cached binding's
/// monitor (and node name and label values) with the current ones and returns it, with no lookup and
/// no allocation. A new binding, with its metric handles looked up once, is made only when they differ.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed partial class InstrumentationSite
{
    private InstrumentationBinding? _last;

    /// <summary>The <c>class</c> label of a method (the containing type's simple name); <see langword="null"/> for a node.</summary>
    public string? ClassName { get; init; }

    /// <summary>The <c>method</c> label of a method; <see langword="null"/> for a node.</summary>
    public string? MethodName { get; init; }

    /// <summary>Whether a span is recorded.</summary>
    public bool Traced { get; init; }

    /// <summary>The span name; <see langword="null"/> for a node's default, <c>node.{Name}</c>.</summary>
    public string? SpanName { get; init; }

    /// <summary>
    /// Whether <see cref="SpanName"/> was given in <c>[Traced("name")]</c>: it is kept under
    /// <c>MonitorOptions.UseGenAISpanNames</c>, which otherwise names a GenAI operation's span by the conventions.
    /// </summary>
    public bool SpanNameIsExplicit { get; init; }

    /// <summary>Constant attributes of the span (<see cref="TracedAttribute.ExtraLabels"/>).</summary>
    public Labels SpanAttributes { get; init; }

    /// <summary>The timer name; <see langword="null"/> when nothing is timed.</summary>
    public string? TimerName { get; init; }

    /// <summary>The timer's help text.</summary>
    public string? TimerDescription { get; init; }

    /// <summary>The timer's bucket bounds in milliseconds; <see langword="null"/> for the monitor's default.</summary>
    public IReadOnlyList<double>? TimerBuckets { get; init; }

    /// <summary>Constant labels of the timer.</summary>
    public Labels TimerLabels { get; init; }

    /// <summary>Whether the timer is also labelled <c>outcome</c> (and <c>error_type</c> on failure).</summary>
    public bool TimerRecordsOutcome { get; init; }

    /// <summary>The counter name; <see langword="null"/> when nothing is counted.</summary>
    public string? CounterName { get; init; }

    /// <summary>The counter's help text.</summary>
    public string? CounterDescription { get; init; }

    /// <summary>The counter's unit (<see cref="CountedAttribute.Unit"/>); <see langword="null"/> for none.</summary>
    public string? CounterUnit { get; init; }

    /// <summary>Constant labels of the counter.</summary>
    public Labels CounterLabels { get; init; }

    /// <summary>Whether only failures are counted.</summary>
    public bool CountsFailuresOnly { get; init; }

    /// <summary>The keys of the <see cref="LabelAttribute"/> members, in the order their values are passed.</summary>
    public IReadOnlyList<string> LabelKeys { get; init; } = [];

    /// <summary>The binding of a method without label parameters to <paramref name="monitor"/>.</summary>
    /// <param name="monitor">The monitor to record into (<see cref="AgentMonitor.Current"/>).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public InstrumentationBinding Resolve(AgentMonitor monitor)
    {
        var last = _last;
        if (last is not null && ReferenceEquals(last.Monitor, monitor)) return last;
        return _last = Bind(monitor, nodeName: null, []);
    }

    /// <summary>The binding of a method to <paramref name="monitor"/> and the values of its label parameters.</summary>
    /// <param name="monitor">The monitor to record into (<see cref="AgentMonitor.Current"/>).</param>
    /// <param name="labelValues">The label values, in the order of <see cref="LabelKeys"/>.</param>
    public InstrumentationBinding Resolve(AgentMonitor monitor, scoped ReadOnlySpan<string> labelValues)
    {
        var last = _last;
        if (last is not null && last.Matches(monitor, nodeName: null, labelValues)) return last;
        return _last = Bind(monitor, nodeName: null, labelValues);
    }

    /// <summary>The binding of a node instance, cached in <paramref name="cache"/> (a field of the node).</summary>
    /// <param name="cache">The node's cached binding.</param>
    /// <param name="monitor">The monitor to record into (<see cref="AgentMonitor.Current"/>).</param>
    /// <param name="nodeName">The node's name, its <c>node</c> label.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public InstrumentationBinding Resolve(ref InstrumentationBinding? cache, AgentMonitor monitor, string nodeName)
    {
        var cached = cache;
        if (cached is not null && ReferenceEquals(cached.Monitor, monitor) && ReferenceEquals(cached.NodeName, nodeName)) return cached;
        return cache = Bind(monitor, nodeName, []);
    }

    /// <summary>The binding of a node instance with label properties, cached in <paramref name="cache"/>.</summary>
    /// <param name="cache">The node's cached binding.</param>
    /// <param name="monitor">The monitor to record into (<see cref="AgentMonitor.Current"/>).</param>
    /// <param name="nodeName">The node's name, its <c>node</c> label.</param>
    /// <param name="labelValues">The label values, in the order of <see cref="LabelKeys"/>.</param>
    public InstrumentationBinding Resolve(ref InstrumentationBinding? cache, AgentMonitor monitor, string nodeName, scoped ReadOnlySpan<string> labelValues)
    {
        var cached = cache;
        if (cached is not null && cached.Matches(monitor, nodeName, labelValues)) return cached;
        return cache = Bind(monitor, nodeName, labelValues);
    }

    private InstrumentationBinding Bind(AgentMonitor monitor, string? nodeName, scoped ReadOnlySpan<string> labelValues)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        return new InstrumentationBinding(this, monitor, nodeName, labelValues.ToArray());
    }
}
