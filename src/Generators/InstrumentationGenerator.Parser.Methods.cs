using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NumAgents.Instrumentation.Generators.Model;
using NumAgents.Instrumentation.Validation;

namespace NumAgents.Instrumentation.Generators;

public sealed partial class InstrumentationGenerator
{
    internal static partial class Parser
    {
        /// <summary>A syntactic filter for calls that could be intercepted (<see cref="CallSiteRules.IsCandidateInvocation"/>).</summary>
        public static bool IsCandidateInvocation(SyntaxNode node) => CallSiteRules.IsCandidateInvocation(node);

        /// <summary>The spec of a call to an attributed method, or <see langword="null"/>.</summary>
        public static CallSiteSpec? ParseCallSite(GeneratorSyntaxContext context, CancellationToken cancellationToken)
        {
            try
            {
                var invocation = (InvocationExpressionSyntax)context.Node;
                var model = context.SemanticModel;
                if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol called) return null;
                var target = CallSiteRules.InterceptedMethod(called);
                if (!HasInstrumentAttribute(target)) return null;
                if (CallSiteRules.IsInExpressionTree(invocation, model, cancellationToken)) return null;

                var method = ParseMethod(target, model.Compilation);
                if (method is null) return null;
                var location = model.GetInterceptableLocation(invocation, cancellationToken);
                if (location is null) return null;
                return new CallSiteSpec(method, new InterceptLocationSpec(location.Version, location.Data, location.GetDisplayLocation()));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The generator never throws; a call it cannot understand is left as it is.
                return null;
            }
        }

        /// <summary>One interceptor per attributed method, with every call to it, in source order.</summary>
        public static ImmutableArray<InterceptorSpec> GroupByMethod(ImmutableArray<CallSiteSpec> sites)
        {
            if (sites.IsDefaultOrEmpty) return ImmutableArray<InterceptorSpec>.Empty;
            var order = new List<string>();
            var groups = new Dictionary<string, (MethodSpec Method, List<InterceptLocationSpec> Locations)>(StringComparer.Ordinal);
            foreach (var site in sites)
            {
                if (!groups.TryGetValue(site.Method.HintName, out var group))
                {
                    group = (site.Method, new List<InterceptLocationSpec>());
                    groups.Add(site.Method.HintName, group);
                    order.Add(site.Method.HintName);
                }

                if (!group.Locations.Contains(site.Location)) group.Locations.Add(site.Location);
            }

            var builder = ImmutableArray.CreateBuilder<InterceptorSpec>(order.Count);
            foreach (var hint in order)
            {
                var group = groups[hint];
                builder.Add(new InterceptorSpec(group.Method, group.Locations.ToArray()));
            }

            return builder.MoveToImmutable();
        }

        /// <summary>
        /// The spec of an attributed method, or <see langword="null"/> when an interceptor could not
        /// call it from the generated namespace (not accessible there, a type that cannot be named, a
        /// ref return, a varargs or unsafe signature...) or its attributes are malformed.
        /// </summary>
        internal static MethodSpec? ParseMethod(IMethodSymbol method, Compilation compilation)
        {
            // Everything an interceptor cannot do is decided where the analyzers read it too (NAI0010).
            if (InterceptionRules.WhyNotInterceptable(method, compilation) is not null) return null;
            var containingType = method.ContainingType;

            // The interceptor's type parameters: the containing types' (outermost first), then the method's.
            var typeParameters = new List<ITypeParameterSymbol>();
            for (var outer = containingType; outer is not null; outer = outer.ContainingType)
            {
                typeParameters.InsertRange(0, outer.TypeParameters);
            }

            typeParameters.AddRange(method.TypeParameters);
            var typeParameterSpecs = new List<TypeParameterSpec>(typeParameters.Count);
            foreach (var typeParameter in typeParameters)
            {
                var constraints = Constraints(typeParameter, compilation);
                if (constraints is null) return null;
                typeParameterSpecs.Add(new TypeParameterSpec(EscapeIdentifier(typeParameter.Name), constraints));
            }

            var containingTypeName = containingType.ToDisplayString(TypeFormat);
            var receiverType = method.IsStatic ? string.Empty : containingTypeName;

            // A struct receiver is passed by reference, so the call mutates the caller's value as the
            // original did; a readonly struct may be passed by 'in'.
            var receiverModifier = !method.IsStatic && containingType.TypeKind == TypeKind.Struct ? (containingType.IsReadOnly ? "in " : "ref ") : string.Empty;
            var callTarget = method.IsStatic ? containingTypeName + "." : "__receiver.";

            var parameters = new List<ParameterSpec>(method.Parameters.Length);
            var parameterNames = new Dictionary<IParameterSymbol, string>(SymbolEqualityComparer.Default);
            var hasByRefOrRefLike = false;
            foreach (var parameter in method.Parameters)
            {
                var name = parameter.Name.StartsWith("__", StringComparison.Ordinal) || parameter.Name.Length == 0
                    ? "__arg" + parameter.Ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    : EscapeIdentifier(parameter.Name);
                var (modifier, argument) = parameter.RefKind switch
                {
                    RefKind.Ref => ("ref ", "ref "),
                    RefKind.Out => ("out ", "out "),
                    RefKind.In => ("in ", "in "),
                    RefKind.RefReadOnlyParameter => ("ref readonly ", "in "),
                    _ => (string.Empty, string.Empty),
                };
                if (parameter.ScopedKind != ScopedKind.None && parameter.RefKind != RefKind.Out) modifier = "scoped " + modifier;

                // The compiler matches an extension method's interceptor only if it is one too.
                if (method.IsExtensionMethod && parameter.Ordinal == 0) modifier = "this " + modifier;
                hasByRefOrRefLike |= parameter.RefKind != RefKind.None || parameter.Type.IsRefLikeType;
                parameters.Add(new ParameterSpec(name, parameter.Type.ToDisplayString(TypeFormat), modifier, argument));
                parameterNames.Add(parameter, name);
            }

            var returnType = method.ReturnsVoid ? "void" : method.ReturnType.ToDisplayString(TypeFormat);
            var (shape, resultType) = Shape(method, returnType, hasByRefOrRefLike);

            // Malformed attributes and labels are decided where the analyzers read them too (NAI0013, NAI0014).
            var problems = new List<InputProblem>();
            var labels = InstrumentationInput.ReadParameterLabels(method, problems);
            var classLabel = containingType.Name;
            var instruments = ReadInstruments(
                method.GetAttributes(),
                classLabel + "." + method.Name,
                "method.duration",
                "method.invocations",
                labels,
                label => parameterNames[(IParameterSymbol)label.Member],
                isNode: false,
                problems);
            if (instruments is null) return null;

            var id = method.GetDocumentationCommentId() ?? method.ToDisplayString();
            return new MethodSpec(
                Id: id,
                HintName: SafeHintPart(containingType.ToDisplayString() + "." + method.Name) + "." + StableHash(id) + ".Interceptors.g.cs",
                DisplayName: Display(method),
                ClassLabel: classLabel,
                MethodName: method.Name,
                ReceiverType: receiverType,
                ReceiverModifier: receiverModifier,
                CallTarget: callTarget,
                TypeArguments: method.TypeParameters.Length == 0 ? string.Empty : "<" + string.Join(", ", method.TypeParameters.Select(static t => EscapeIdentifier(t.Name))) + ">",
                ReturnType: returnType,
                Shape: shape,
                ResultType: resultType,
                Parameters: parameters.ToArray(),
                TypeParameters: typeParameterSpecs.ToArray(),
                Instruments: instruments);
        }

        private static (ReturnShape Shape, string ResultType) Shape(IMethodSymbol method, string returnType, bool hasByRefOrRefLike)
        {
            if (method.ReturnsVoid) return (ReturnShape.Void, "void");

            // An async wrapper cannot take by-reference or ref struct parameters, so such a method is
            // wrapped synchronously: its span and timer cover the call, not the task it returns.
            if (hasByRefOrRefLike || method.ReturnType is not INamedTypeSymbol named) return (ReturnShape.Value, returnType);
            var definition = named.OriginalDefinition.ToDisplayString();
            var argument = named.TypeArguments.Length == 1 ? named.TypeArguments[0].ToDisplayString(TypeFormat) : string.Empty;
            return definition switch
            {
                "System.Threading.Tasks.Task" => (ReturnShape.Task, "void"),
                "System.Threading.Tasks.Task<TResult>" => (ReturnShape.TaskOfT, argument),
                "System.Threading.Tasks.ValueTask" => (ReturnShape.ValueTask, "void"),
                "System.Threading.Tasks.ValueTask<TResult>" => (ReturnShape.ValueTaskOfT, argument),
                "System.Collections.Generic.IAsyncEnumerable<T>" => (ReturnShape.AsyncEnumerable, argument),
                _ => (ReturnShape.Value, returnType),
            };
        }

        /// <summary>The <c>where</c> clause that repeats a type parameter's constraints, empty when it has none.</summary>
        private static string? Constraints(ITypeParameterSymbol typeParameter, Compilation compilation)
        {
            var parts = new List<string>();
            if (typeParameter.HasReferenceTypeConstraint)
            {
                parts.Add(typeParameter.ReferenceTypeConstraintNullableAnnotation == NullableAnnotation.Annotated ? "class?" : "class");
            }
            else if (typeParameter.HasUnmanagedTypeConstraint)
            {
                parts.Add("unmanaged");
            }
            else if (typeParameter.HasValueTypeConstraint)
            {
                parts.Add("struct");
            }
            else if (typeParameter.HasNotNullConstraint)
            {
                parts.Add("notnull");
            }

            foreach (var constraint in typeParameter.ConstraintTypes)
            {
                if (!InterceptionRules.IsNameable(constraint, compilation)) return null;
                parts.Add(constraint.ToDisplayString(TypeFormat));
            }

            if (typeParameter.HasConstructorConstraint && !typeParameter.HasValueTypeConstraint) parts.Add("new()");
            if (typeParameter.AllowsRefLikeType) parts.Add("allows ref struct");
            return parts.Count == 0 ? string.Empty : "where " + EscapeIdentifier(typeParameter.Name) + " : " + string.Join(", ", parts);
        }
    }
}
