using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NumAgents.Instrumentation.Generators.Helpers;
using NumAgents.Instrumentation.Generators.Model;
using NumAgents.Instrumentation.Validation;

namespace NumAgents.Instrumentation.Generators;

public sealed partial class InstrumentationGenerator
{
    internal static partial class Parser
    {
        /// <summary>
        /// The spec of an attributed node class, from the pipeline of <paramref name="trigger"/>.
        /// A class with several of the attributes is described once, by the pipeline of the first
        /// one it has (Traced, then Timed, then Counted), so each class gets exactly one file.
        /// </summary>
        public static NodeSpec? ParseNode(GeneratorAttributeSyntaxContext context, InstrumentKind trigger, CancellationToken cancellationToken)
        {
            try
            {
                if (context.TargetSymbol is not INamedTypeSymbol type) return null;
                var attributes = type.GetAttributes();
                var kinds = attributes.Select(KindOf).Where(static k => k is not null).Select(static k => k!.Value).ToList();
                if (kinds.Count == 0 || kinds.Min() != trigger) return null;
                cancellationToken.ThrowIfCancellationRequested();
                return ParseNodeType(type, attributes, context.SemanticModel.Compilation, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The generator never throws; input it cannot understand simply gets no code.
                return null;
            }
        }

        private static NodeSpec? ParseNodeType(INamedTypeSymbol type, System.Collections.Immutable.ImmutableArray<AttributeData> attributes, Compilation compilation, CancellationToken cancellationToken)
        {
            if (type.TypeKind != TypeKind.Class || type.IsStatic || type.IsRecord || type.IsFileLocal) return null;
            if (!IsPartialEverywhere(type, cancellationToken)) return null;

            var containing = new List<TypeDeclarationSpec>();
            for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                if (outer.IsFileLocal || !IsPartialEverywhere(outer, cancellationToken)) return null;
                var keyword = outer switch
                {
                    { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
                    { IsRecord: true } => "record",
                    { TypeKind: TypeKind.Class } => "class",
                    { TypeKind: TypeKind.Struct } => "struct",
                    { TypeKind: TypeKind.Interface } => "interface",
                    _ => null,
                };
                if (keyword is null) return null;
                containing.Insert(0, new TypeDeclarationSpec(keyword, outer.Name, TypeParameterList(outer)));
            }

            var isNode = false;
            var isAsync = false;
            for (var baseType = type.BaseType; baseType is not null; baseType = baseType.BaseType)
            {
                var name = baseType.OriginalDefinition.ToDisplayString();
                if (name == KnownNames.AsyncNode) isAsync = true;
                if (name == KnownNames.Node)
                {
                    isNode = true;
                    break;
                }
            }

            if (!isNode) return null;

            // The seam to override, and the members the generated part declares, decided where the
            // analyzers read them too (NAI0009). This generator never sees its own output.
            if (NodeRules.WhyCannotExtend(type, isAsync, static _ => false, out var seam) is not null || seam is null) return null;
            var coreName = isAsync ? KnownNames.InvokeNodeAsyncUninstrumented : KnownNames.InvokeNodeUninstrumented;

            // A base class this generator instrumented exposes its body without instrumentation, so an
            // execution of this class is recorded once, by this class's attributes.
            var baseHasCore = BaseHasUninstrumentedCore(type, coreName, compilation, cancellationToken);

            // Malformed attributes and labels are decided where the analyzers read them too (NAI0013, NAI0014).
            var problems = new List<InputProblem>();
            var labels = InstrumentationInput.ReadNodeLabels(type, compilation, problems);
            var instruments = ReadInstruments(
                attributes,
                defaultSpanName: null,
                "node.duration",
                "nodes.executed",
                labels,
                static label =>
                {
                    var property = (IPropertySymbol)label.Member;
                    var owner = property.IsStatic ? property.ContainingType.ToDisplayString(TypeFormat) : "this";
                    return owner + "." + EscapeIdentifier(property.Name);
                },
                isNode: true,
                problems);
            if (instruments is null) return null;

            var ns = type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString();
            var hintParts = new List<string>();
            if (ns is not null) hintParts.Add(ns);
            for (var outer = type; outer is not null; outer = outer.ContainingType)
            {
                hintParts.Insert(ns is null ? 0 : 1, outer.Name + (outer.Arity > 0 ? "_" + outer.Arity.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty));
            }

            var hint = SafeHintPart(string.Join(".", hintParts));

            return new NodeSpec(
                HintName: hint + ".Instrumentation.g.cs",
                Namespace: ns,
                ContainingTypes: containing.ToArray(),
                Type: new TypeDeclarationSpec("class", type.Name, TypeParameterList(type)),
                DisplayName: Display(type),
                IsAsync: isAsync,
                IsSealed: type.IsSealed,
                BaseHasUninstrumentedCore: baseHasCore,
                SharedParameter: EscapeIdentifier(seam.Parameters[0].Name),
                CancellationParameter: isAsync ? EscapeIdentifier(seam.Parameters[1].Name) : string.Empty,
                Instruments: instruments);
        }

        /// <summary>
        /// Whether a base class has the uninstrumented core: compiled with it (another assembly), or
        /// getting it from this very run (this generator cannot see its own output, so it asks whether
        /// it instruments that base).
        /// </summary>
        private static bool BaseHasUninstrumentedCore(INamedTypeSymbol type, string coreName, Compilation compilation, CancellationToken cancellationToken)
        {
            for (var baseType = type.BaseType; baseType is not null; baseType = baseType.BaseType)
            {
                var name = baseType.OriginalDefinition.ToDisplayString();
                if (name is KnownNames.Node or KnownNames.AsyncNode) return false;
                if (baseType.GetMembers(coreName).OfType<IMethodSymbol>().Any(static m => m.DeclaredAccessibility == Accessibility.Protected && !m.IsStatic)) return true;
                var definition = baseType.OriginalDefinition;
                if (definition.DeclaringSyntaxReferences.Length > 0 && !definition.IsSealed && HasInstrumentAttribute(definition)
                    && ParseNodeType(definition, definition.GetAttributes(), compilation, cancellationToken) is not null)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsPartialEverywhere(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            if (type.DeclaringSyntaxReferences.Length == 0) return false;
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration) return false;
                if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword)) return false;
            }

            return true;
        }

        private static string TypeParameterList(INamedTypeSymbol type)
            => type.TypeParameters.Length == 0 ? string.Empty : "<" + string.Join(", ", type.TypeParameters.Select(static p => EscapeIdentifier(p.Name))) + ">";

        internal static string EscapeIdentifier(string name)
            => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) is SyntaxKind.AwaitKeyword ? "@" + name : name;
    }
}
