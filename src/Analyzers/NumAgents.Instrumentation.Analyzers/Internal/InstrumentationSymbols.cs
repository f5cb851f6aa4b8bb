using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace NumAgents.Instrumentation.Analyzers.Internal;

/// <summary>
/// The runtime types the rules look for, resolved by metadata name once per compilation and shared by
/// every analyzer (the analyzer assembly never references the runtime).
/// </summary>
internal sealed class InstrumentationSymbols
{
    // One instance per compilation for all analyzers: GetTypeByMetadataName walks every reference, so
    // resolving it in each analyzer's CompilationStart would repeat that work five times.
    private static readonly ConditionalWeakTable<Compilation, InstrumentationSymbols> Cache = new();

    private InstrumentationSymbols(Compilation compilation)
    {
        MetricsCollector = compilation.GetTypeByMetadataName("NumAgents.Instrumentation.MetricsCollector");
        Labels = compilation.GetTypeByMetadataName("NumAgents.Instrumentation.Labels");
        MetricTimer = compilation.GetTypeByMetadataName("NumAgents.Instrumentation.MetricTimer");
        Tracer = compilation.GetTypeByMetadataName("NumAgents.Instrumentation.Tracer");
        Span = compilation.GetTypeByMetadataName("NumAgents.Instrumentation.Span");
        TracedAttribute = compilation.GetTypeByMetadataName("NumAgents.Instrumentation.TracedAttribute");
        TimedAttribute = compilation.GetTypeByMetadataName("NumAgents.Instrumentation.TimedAttribute");
        CountedAttribute = compilation.GetTypeByMetadataName("NumAgents.Instrumentation.CountedAttribute");
        LabelAttribute = compilation.GetTypeByMetadataName("NumAgents.Instrumentation.LabelAttribute");
        AgentAttribute = compilation.GetTypeByMetadataName("NumAgents.Instrumentation.AgentAttribute");
        ToolAttribute = compilation.GetTypeByMetadataName("NumAgents.Instrumentation.ToolAttribute");
        LlmCallAttribute = compilation.GetTypeByMetadataName("NumAgents.Instrumentation.LlmCallAttribute");
        RetrievalAttribute = compilation.GetTypeByMetadataName("NumAgents.Instrumentation.RetrievalAttribute");
        SpanAttributeAttribute = compilation.GetTypeByMetadataName("NumAgents.Instrumentation.SpanAttributeAttribute");
        Node = compilation.GetTypeByMetadataName("NumAgents.Core.Node");
        AsyncNode = compilation.GetTypeByMetadataName("NumAgents.Core.AsyncNode");
        Guid = compilation.GetTypeByMetadataName("System.Guid");
        DateTimeOffset = compilation.GetTypeByMetadataName("System.DateTimeOffset");
        TimeSpan = compilation.GetTypeByMetadataName("System.TimeSpan");
        DateOnly = compilation.GetTypeByMetadataName("System.DateOnly");
        TimeOnly = compilation.GetTypeByMetadataName("System.TimeOnly");
        Random = compilation.GetTypeByMetadataName("System.Random");
        Convert = compilation.GetTypeByMetadataName("System.Convert");
        BigInteger = compilation.GetTypeByMetadataName("System.Numerics.BigInteger");
        Int128 = compilation.GetTypeByMetadataName("System.Int128");
        UInt128 = compilation.GetTypeByMetadataName("System.UInt128");
        Half = compilation.GetTypeByMetadataName("System.Half");
        GeneratedCodeAttribute = compilation.GetTypeByMetadataName("System.CodeDom.Compiler.GeneratedCodeAttribute");
    }

    public INamedTypeSymbol? MetricsCollector { get; }

    public INamedTypeSymbol? Labels { get; }

    public INamedTypeSymbol? MetricTimer { get; }

    public INamedTypeSymbol? Tracer { get; }

    public INamedTypeSymbol? Span { get; }

    public INamedTypeSymbol? TracedAttribute { get; }

    public INamedTypeSymbol? TimedAttribute { get; }

    public INamedTypeSymbol? CountedAttribute { get; }

    public INamedTypeSymbol? LabelAttribute { get; }

    public INamedTypeSymbol? AgentAttribute { get; }

    public INamedTypeSymbol? ToolAttribute { get; }

    public INamedTypeSymbol? LlmCallAttribute { get; }

    public INamedTypeSymbol? RetrievalAttribute { get; }

    public INamedTypeSymbol? SpanAttributeAttribute { get; }

    public INamedTypeSymbol? Node { get; }

    public INamedTypeSymbol? AsyncNode { get; }

    public INamedTypeSymbol? Guid { get; }

    public INamedTypeSymbol? DateTimeOffset { get; }

    public INamedTypeSymbol? TimeSpan { get; }

    public INamedTypeSymbol? DateOnly { get; }

    public INamedTypeSymbol? TimeOnly { get; }

    public INamedTypeSymbol? Random { get; }

    public INamedTypeSymbol? Convert { get; }

    public INamedTypeSymbol? BigInteger { get; }

    public INamedTypeSymbol? Int128 { get; }

    public INamedTypeSymbol? UInt128 { get; }

    public INamedTypeSymbol? Half { get; }

    public INamedTypeSymbol? GeneratedCodeAttribute { get; }

    /// <summary>Whether any instrumentation attribute (the three, or a GenAI one) exists in this compilation.</summary>
    public bool HasInstrumentationAttributes => TracedAttribute is not null || TimedAttribute is not null || CountedAttribute is not null
        || AgentAttribute is not null || ToolAttribute is not null || LlmCallAttribute is not null || RetrievalAttribute is not null;

    /// <summary>The shared instance for <paramref name="compilation"/>, created on first use.</summary>
    public static InstrumentationSymbols GetOrCreate(Compilation compilation)
        => Cache.GetValue(compilation, static c => new InstrumentationSymbols(c));

    /// <summary>Which instrumentation attribute <paramref name="attributeClass"/> is, if any (a GenAI one included).</summary>
    public InstrumentationAttributeKind GetAttributeKind(INamedTypeSymbol? attributeClass)
    {
        if (attributeClass is null) return InstrumentationAttributeKind.None;
        if (SymbolEqualityComparer.Default.Equals(attributeClass, TracedAttribute)) return InstrumentationAttributeKind.Traced;
        if (SymbolEqualityComparer.Default.Equals(attributeClass, TimedAttribute)) return InstrumentationAttributeKind.Timed;
        if (SymbolEqualityComparer.Default.Equals(attributeClass, CountedAttribute)) return InstrumentationAttributeKind.Counted;
        if (SymbolEqualityComparer.Default.Equals(attributeClass, AgentAttribute)) return InstrumentationAttributeKind.Agent;
        if (SymbolEqualityComparer.Default.Equals(attributeClass, ToolAttribute)) return InstrumentationAttributeKind.Tool;
        if (SymbolEqualityComparer.Default.Equals(attributeClass, LlmCallAttribute)) return InstrumentationAttributeKind.LlmCall;
        if (SymbolEqualityComparer.Default.Equals(attributeClass, RetrievalAttribute)) return InstrumentationAttributeKind.Retrieval;
        return InstrumentationAttributeKind.None;
    }

    /// <summary>Whether <paramref name="symbol"/> carries <c>[Label]</c>.</summary>
    public bool HasLabelAttribute(ISymbol symbol, out AttributeData? attribute)
    {
        attribute = null;
        if (LabelAttribute is null) return false;
        foreach (var candidate in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(candidate.AttributeClass, LabelAttribute))
            {
                attribute = candidate;
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="type"/> derives from <c>NumAgents.Core.Node</c>.</summary>
    public bool IsNode(ITypeSymbol? type) => DerivesFrom(type, Node);

    /// <summary>Whether <paramref name="type"/> derives from <c>NumAgents.Core.AsyncNode</c>.</summary>
    public bool IsAsyncNode(ITypeSymbol? type) => DerivesFrom(type, AsyncNode);

    private static bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null) return false;
        for (var current = type?.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType)) return true;
        }

        return false;
    }
}
