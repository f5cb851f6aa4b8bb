using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NumAgents.Instrumentation.Generators.Helpers;
using NumAgents.Instrumentation.Generators.Model;

namespace NumAgents.Instrumentation.Generators;

/// <summary>
/// Compiles <c>[Traced]</c>, <c>[Timed]</c>, <c>[Counted]</c>, <c>[Label]</c>, the GenAI attributes (<c>[Agent]</c>,
/// <c>[Tool]</c>, <c>[LlmCall]</c>, <c>[Retrieval]</c>), <c>[SpanAttribute]</c> and <c>[ToolCallId]</c> into code: an
/// override of the execution seam of every attributed <c>partial</c> node class, and a C# interceptor for every
/// call to an attributed method.
/// </summary>
/// <remarks>
/// <para>
/// This file holds the pipeline only; <c>Parser</c> turns symbols into value-equal specs and
/// <c>Emitter</c> turns specs into text. The generator never throws and never reports a diagnostic:
/// input it cannot compile (a class that is not partial, a malformed label...) gets no code, and the
/// analyzers explain why.
/// </para>
/// <para>
/// Node classes are found with <c>ForAttributeWithMetadataName</c>. Calls to attributed methods can
/// only be found by looking at invocations, so that step is a syntax provider whose transform keeps
/// nothing but value-equal call-site specs; everything after it is cached.
/// </para>
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed partial class InstrumentationGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Generated code uses collection expressions (C# 12) and, for methods, interceptors, which the
        // consuming project must allow for our namespace; without either, emitting code would break
        // the build, so nothing is emitted (the analyzers report why).
        var options = context.ParseOptionsProvider
            .Select(static (options, _) => Parser.ReadOptions(options))
            .WithTrackingName(TrackingNames.Options);

        RegisterNodes(context, KnownNames.TracedAttribute, InstrumentKind.Traced, TrackingNames.TracedNodes, options);
        RegisterNodes(context, KnownNames.TimedAttribute, InstrumentKind.Timed, TrackingNames.TimedNodes, options);
        RegisterNodes(context, KnownNames.CountedAttribute, InstrumentKind.Counted, TrackingNames.CountedNodes, options);

        // The GenAI attributes each imply a span, so a node class may carry one of them alone ([LlmCall] is for methods only).
        RegisterNodes(context, KnownNames.AgentAttribute, InstrumentKind.Agent, TrackingNames.AgentNodes, options);
        RegisterNodes(context, KnownNames.ToolAttribute, InstrumentKind.Tool, TrackingNames.ToolNodes, options);
        RegisterNodes(context, KnownNames.RetrievalAttribute, InstrumentKind.Retrieval, TrackingNames.RetrievalNodes, options);

        var callSites = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => Parser.IsCandidateInvocation(node),
                static (context, cancellationToken) => Parser.ParseCallSite(context, cancellationToken))
            .WithTrackingName(TrackingNames.CallSites)
            .Where(static site => site is not null)
            .WithTrackingName(TrackingNames.InstrumentedCallSites)
            .Select(static (site, _) => site!)
            .WithTrackingName(TrackingNames.InstrumentedCallSiteSpecs);

        var interceptors = callSites
            .Collect()
            .WithTrackingName(TrackingNames.AllCallSites)
            .Combine(options)
            .WithTrackingName(TrackingNames.AllCallSitesWithOptions)
            .SelectMany(static (input, _) => input.Right.CanIntercept ? Parser.GroupByMethod(input.Left) : ImmutableArray<InterceptorSpec>.Empty)
            .WithTrackingName(TrackingNames.Interceptors);

        context.RegisterSourceOutput(interceptors, static (context, spec) => Emitter.EmitInterceptor(context, spec));
    }

    private static void RegisterNodes(
        IncrementalGeneratorInitializationContext context,
        string attributeName,
        InstrumentKind kind,
        string trackingName,
        IncrementalValueProvider<GeneratorOptions> options)
    {
        var nodes = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                attributeName,
                static (node, _) => node is ClassDeclarationSyntax,
                (context, cancellationToken) => Parser.ParseNode(context, kind, cancellationToken))
            .WithTrackingName(trackingName)
            .Combine(options)
            .WithTrackingName(trackingName + TrackingNames.WithOptionsSuffix)
            .Where(static input => input.Left is not null && input.Right.CanGenerate)
            .WithTrackingName(trackingName + TrackingNames.GeneratedSuffix)
            .Select(static (input, _) => input.Left!)
            .WithTrackingName(trackingName + TrackingNames.SpecSuffix);

        context.RegisterSourceOutput(nodes, static (context, spec) => Emitter.EmitNode(context, spec));
    }
}
