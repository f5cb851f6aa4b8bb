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
        /// one it has (Traced, Timed, Counted, then Agent, Tool, Retrieval), so each class gets exactly one file.
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
                containing.Insert(0, new TypeDeclarationSpec(keyword, Identifiers.Escape(outer.Name), TypeParameterList(outer)));
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
                (hasSpan, found) => InstrumentationInput.ReadNodeSpanAttributes(type, compilation, hasSpan, labels, found),
                static member =>
                {
                    var property = (IPropertySymbol)member;
                    var owner = property.IsStatic ? property.ContainingType.ToDisplayString(TypeFormat) : "this";
                    return owner + "." + Identifiers.Escape(property.Name);
                },
                isNode: true,
                problems,
                out _,
                out var spanMembers);
            if (instruments is null) return null;

            // Reading an obsolete [Label] or [SpanAttribute] property (or a static one of an obsolete class) repeats a
            // warning the user already has where the property is declared or read.
            var readsObsolete = labels.Select(static label => label.Member).Concat(spanMembers!.SpanAttributes.Select(static member => member.Member)).Any(static member => member is IPropertySymbol property
                && (IsObsolete(property) || IsObsolete(property.GetMethod) || (property.IsStatic && IsObsoleteType(property.ContainingType))));

            var ns = type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString();
            var namespaceDeclaration = Identifiers.Namespace(type.ContainingNamespace);
            var hintParts = new List<string>();
            if (ns is not null) hintParts.Add(ns);
            for (var outer = type; outer is not null; outer = outer.ContainingType)
            {
                hintParts.Insert(ns is null ? 0 : 1, outer.Name + (outer.Arity > 0 ? "_" + outer.Arity.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty));
            }

            // Readable, and made unique by the hash: two names can read alike ('Café' and 'Caf_'), and two
            // sources with one hint name would fail the whole generator (CS8785).
            var hint = SafeHintPart(string.Join(".", hintParts));

            return new NodeSpec(
                HintName: hint + "." + StableHash(type.GetDocumentationCommentId() ?? type.ToDisplayString()) + ".Instrumentation.g.cs",
                Namespace: namespaceDeclaration,
                ContainingTypes: containing.ToArray(),
                Type: new TypeDeclarationSpec("class", Identifiers.Escape(type.Name), TypeParameterList(type)),
                DisplayName: Display(type),
                IsAsync: isAsync,
                IsSealed: type.IsSealed,
                MarkNotClsCompliant: NeedsClsCompliantFalse(type, compilation),
                ReadsObsoleteMembers: readsObsolete,
                BaseHasUninstrumentedCore: baseHasCore,
                SharedParameter: Identifiers.Escape(seam.Parameters[0].Name),
                CancellationParameter: isAsync ? Identifiers.Escape(seam.Parameters[1].Name) : string.Empty,
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

        private static bool IsObsolete(ISymbol? symbol)
            => symbol is not null && symbol.GetAttributes().Any(static a => a.AttributeClass?.ToDisplayString() == "System.ObsoleteAttribute");

        private static bool IsObsoleteType(INamedTypeSymbol? type)
        {
            for (var current = type; current is not null; current = current.ContainingType)
            {
                if (IsObsolete(current)) return true;
            }

            return false;
        }

        /// <summary>
        /// Whether the generated protected members must say <c>[CLSCompliant(false)]</c>: in an assembly that
        /// declares itself CLS-compliant, a member seen from outside it may not take or return types of an
        /// assembly that does not (<c>SharedStore</c>, <c>NodeResult</c>: CS3001, CS3002). Anywhere else the
        /// attribute would itself be a warning (CS3019, CS3021).
        /// </summary>
        private static bool NeedsClsCompliantFalse(INamedTypeSymbol type, Compilation compilation)
        {
            if (!compilation.Assembly.GetAttributes().Any(static a => a.AttributeClass?.ToDisplayString() == "System.CLSCompliantAttribute" && a.ConstructorArguments.Length == 1 && a.ConstructorArguments[0].Value is true)) return false;
            for (var current = type; current is not null; current = current.ContainingType)
            {
                if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal)) return false;
            }

            return true;
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
            => type.TypeParameters.Length == 0 ? string.Empty : "<" + string.Join(", ", type.TypeParameters.Select(static p => Identifiers.Escape(p.Name))) + ">";
    }
}
