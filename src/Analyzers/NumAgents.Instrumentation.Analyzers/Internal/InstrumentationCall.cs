using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace NumAgents.Instrumentation.Analyzers.Internal;

/// <summary>What one invocation does to the instrumentation runtime, read from its target method.</summary>
internal readonly struct InstrumentationCall
{
    private InstrumentationCall(InstrumentationCallKind kind, MetricKind metricKind, IArgumentOperation? name, IArgumentOperation? labels)
    {
        Kind = kind;
        MetricKind = metricKind;
        NameArgument = name;
        LabelsArgument = labels;
    }

    public InstrumentationCallKind Kind { get; }

    /// <summary>Whether this call records into or binds a named metric (including <c>Timer(...)</c>).</summary>
    public bool IsMetric => Kind is InstrumentationCallKind.Metric or InstrumentationCallKind.MetricTimerScope;

    /// <summary>Whether this call starts something that must be disposed or ended.</summary>
    public bool StartsScope => Kind is InstrumentationCallKind.MetricTimerScope or InstrumentationCallKind.TimerStart or InstrumentationCallKind.Span;

    /// <summary>The metric kind, for <see cref="InstrumentationCallKind.Metric"/>.</summary>
    public MetricKind MetricKind { get; }

    /// <summary>The argument bound to the <c>name</c> parameter.</summary>
    public IArgumentOperation? NameArgument { get; }

    /// <summary>The argument bound to the <c>labels</c> parameter (also when its default is used).</summary>
    public IArgumentOperation? LabelsArgument { get; }

    /// <summary>The constant name, or <see langword="null"/> when it is not a compile-time constant.</summary>
    public string? ConstantName => NameArgument?.Value.ConstantValue is { HasValue: true, Value: string name } ? name : null;

    /// <summary>Reads <paramref name="invocation"/>; <see cref="Kind"/> is <see cref="InstrumentationCallKind.None"/> for any other call.</summary>
    public static InstrumentationCall From(IInvocationOperation invocation, InstrumentationSymbols symbols)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        if (type is null) return default;

        if (symbols.MetricsCollector is not null && SymbolEqualityComparer.Default.Equals(type, symbols.MetricsCollector))
        {
            MetricKind kind;
            switch (method.Name)
            {
                case "Counter":
                case "GetCounter":
                    kind = MetricKind.Counter;
                    break;
                case "Gauge":
                case "GetGauge":
                    kind = MetricKind.Gauge;
                    break;
                case "Histogram":
                case "GetHistogram":
                    kind = MetricKind.Histogram;
                    break;
                case "Timer":
                case "GetTimer":
                    kind = MetricKind.Timer;
                    break;
                case "StartTimer":
                    return new InstrumentationCall(InstrumentationCallKind.TimerStart, MetricKind.Timer, null, null);
                default:
                    return default;
            }

            var callKind = method.Name == "Timer" ? InstrumentationCallKind.MetricTimerScope : InstrumentationCallKind.Metric;
            return new InstrumentationCall(callKind, kind, FindArgument(invocation, "name"), FindArgument(invocation, "labels"));
        }

        if (symbols.Tracer is not null && SymbolEqualityComparer.Default.Equals(type, symbols.Tracer))
        {
            switch (method.Name)
            {
                case "Span":
                case "StartSpan":
                    return new InstrumentationCall(InstrumentationCallKind.Span, default, FindArgument(invocation, "name"), null);
                default:
                    return default;
            }
        }

        return default;
    }

    private static IArgumentOperation? FindArgument(IInvocationOperation invocation, string parameterName)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { } parameter && parameter.Name == parameterName) return argument;
        }

        return null;
    }
}
