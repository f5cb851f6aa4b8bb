using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using NumAgents.Instrumentation.Naming;

namespace NumAgents.Instrumentation.Analyzers.Internal;

/// <summary>
/// What the naming rules need to know of a metric besides its name: its kind and the unit written with it,
/// from a metrics call's <c>unit:</c> argument or from <c>[Timed]</c> and <c>[Counted]</c> (their defaults included).
/// </summary>
internal static class MetricUnits
{
    /// <summary>The constant <c>unit</c> argument of a metrics call, if any.</summary>
    public static string? OfCall(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == "unit" && argument.Value.ConstantValue is { HasValue: true, Value: string unit }) return unit;
        }

        return null;
    }

    /// <summary>
    /// The metric an instrumentation attribute generates: its name (the default for its target), kind and
    /// unit; <see langword="null"/> for <c>[Traced]</c>, and for an empty name, with which the generator skips
    /// the member (NAI0013 says so).
    /// </summary>
    public static (string Name, MetricKind Kind, string? Unit)? OfAttribute(InstrumentationSymbols symbols, AttributeData attribute, bool isNode)
    {
        MetricKind kind;
        string defaultName;
        switch (symbols.GetAttributeKind(attribute.AttributeClass))
        {
            case InstrumentationAttributeKind.Timed:
                kind = MetricKind.Timer;
                defaultName = isNode ? "node.duration" : "method.duration";
                break;
            case InstrumentationAttributeKind.Counted:
                kind = MetricKind.Counter;
                defaultName = isNode ? "nodes.executed" : "method.invocations";
                break;
            default:
                return null;
        }

        var name = AttributeNames.ExplicitName(attribute);
        if (name is not null && name.Trim().Length == 0) return null;
        string? unit = null;
        foreach (var named in attribute.NamedArguments)
        {
            if (named.Key == "Unit" && named.Value.Value is string value) unit = value;
        }

        return (name ?? defaultName, kind, unit);
    }

    public static PrometheusMetricKind KindOf(MetricKind kind) => kind switch
    {
        MetricKind.Counter => PrometheusMetricKind.Counter,
        MetricKind.Gauge => PrometheusMetricKind.Gauge,
        MetricKind.Histogram => PrometheusMetricKind.Histogram,
        _ => PrometheusMetricKind.Timer,
    };
}
