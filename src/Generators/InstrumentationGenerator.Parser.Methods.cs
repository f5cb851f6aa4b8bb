using System;
using System.Collections.Generic;
using System.Collections.Immutable;
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

                // Decided where the analyzers read it too (NAI0017).
                if (CallSiteRules.WhyCallNotIntercepted(target, CallSiteRules.ReceiverType(invocation, model, cancellationToken)) is not null) return null;

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

        /// <summary>
        /// One interceptor per attributed method, with every call to it, in source order. Hint names are made
        /// unique here, the one step that sees every method: two methods whose readable names and short hashes
        /// both match would otherwise share a file name, which fails the whole generator (CS8785).
        /// </summary>
        public static ImmutableArray<InterceptorSpec> GroupByMethod(ImmutableArray<CallSiteSpec> sites)
        {
            if (sites.IsDefaultOrEmpty) return ImmutableArray<InterceptorSpec>.Empty;
            var order = new List<string>();
            var groups = new Dictionary<string, (MethodSpec Method, List<InterceptLocationSpec> Locations)>(StringComparer.Ordinal);
            foreach (var site in sites)
            {
                if (!groups.TryGetValue(site.Method.Id, out var group))
                {
                    group = (site.Method, new List<InterceptLocationSpec>());
                    groups.Add(site.Method.Id, group);
                    order.Add(site.Method.Id);
                }

                if (!group.Locations.Contains(site.Location)) group.Locations.Add(site.Location);
            }

            var builder = ImmutableArray.CreateBuilder<InterceptorSpec>(order.Count);
            var hints = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var id in order)
            {
                var (method, locations) = groups[id];
                var hint = method.HintName;
                for (var n = 2; !hints.Add(hint); n++)
                {
                    hint = method.HintName.Substring(0, method.HintName.Length - ".Interceptors.g.cs".Length) + "_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".Interceptors.g.cs";
                }

                builder.Add(new InterceptorSpec(hint == method.HintName ? method : method with { HintName = hint }, locations.ToArray()));
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
                typeParameterSpecs.Add(new TypeParameterSpec(Identifiers.Escape(typeParameter.Name), constraints));
            }

            var containingTypeName = containingType.ToDisplayString(TypeFormat);
            var receiverType = method.IsStatic ? string.Empty : containingTypeName;
            var callTarget = method.IsStatic ? containingTypeName + "." : GeneratedNames.Receiver + ".";

            // The parameters keep their names (escaped) unless one could meet a generated name, or a type
            // parameter of the interceptor (which also has the containing types' type parameters, and C#
            // forbids a parameter named like a type parameter of its method): the compiler matches an
            // interceptor by its signature, never by parameter names.
            var typeParameterNames = new HashSet<string>(typeParameters.Select(static t => t.Name), StringComparer.Ordinal);
            var parameterNames = new Dictionary<IParameterSymbol, string>(SymbolEqualityComparer.Default);
            var namesByOriginal = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var parameter in method.Parameters)
            {
                var name = parameter.Name.Length == 0 || GeneratedNames.IsReserved(parameter.Name) || typeParameterNames.Contains(parameter.Name)
                    ? GeneratedNames.Prefix + "arg" + parameter.Ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    : Identifiers.Escape(parameter.Name);
                parameterNames.Add(parameter, name);
                namesByOriginal[parameter.Name] = name;
            }

            var parameters = new List<ParameterSpec>(method.Parameters.Length);
            foreach (var parameter in method.Parameters)
            {
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
                parameters.Add(new ParameterSpec(
                    parameterNames[parameter],
                    parameter.Type.ToDisplayString(TypeFormat),
                    modifier,
                    argument,
                    NullabilityAttributes(parameter.GetAttributes(), namesByOriginal)));
            }

            var returnType = method.ReturnsVoid ? "void" : method.ReturnType.ToDisplayString(TypeFormat);

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
                (hasSpan, found) => InstrumentationInput.ReadParameterSpanMembers(method, hasSpan, labels, found),
                member => parameterNames[(IParameterSymbol)member],
                isNode: false,
                problems,
                out var genAIKind,
                out _);
            if (instruments is null) return null;

            // Read where the analyzers read it too (NAI0020): an LLM call's result, when it carries usage.
            UsageSpec? usage = null;
            if (genAIKind == GenAIAttributeKind.LlmCall && TokenUsageRules.Read(method) is { Source: not UsageSource.None } reading)
            {
                var kind = reading.ResultType switch
                {
                    { IsReferenceType: true } => ResultKind.Reference,
                    { IsValueType: true } => ResultKind.Value,
                    _ => ResultKind.Unknown,
                };
                usage = new UsageSpec(reading.Source, reading.HasInput, reading.HasOutput, reading.HasCachedInput, reading.HasReasoning, reading.HasModelId, kind);
            }

            var id = method.GetDocumentationCommentId() ?? method.ToDisplayString();
            return new MethodSpec(
                Id: id,
                HintName: SafeHintPart(containingType.ToDisplayString() + "." + method.Name) + "." + StableHash(id) + ".Interceptors.g.cs",
                DisplayName: Display(method),
                ClassLabel: classLabel,
                MethodName: method.Name,
                InterceptorName: GeneratedNames.CanNameInterceptor(method.Name) ? Identifiers.Escape(method.Name) : GeneratedNames.Intercept,
                ReceiverType: receiverType,
                ReceiverModifier: ReceiverModifier(method),
                CallTarget: callTarget + Identifiers.Escape(method.Name),
                TypeArguments: method.TypeParameters.Length == 0 ? string.Empty : "<" + string.Join(", ", method.TypeParameters.Select(static t => Identifiers.Escape(t.Name))) + ">",
                ReturnType: returnType,
                Shape: Shape(method),
                Parameters: parameters.ToArray(),
                TypeParameters: typeParameterSpecs.ToArray(),
                Attributes: NullabilityAttributes(method.GetAttributes(), namesByOriginal),
                ReturnAttributes: NullabilityAttributes(method.GetReturnTypeAttributes(), namesByOriginal),
                SuppressedWarnings: SuppressedWarnings(method),
                Instruments: instruments,
                Usage: usage);
        }

        /// <summary>
        /// How the interceptor takes a struct receiver: as the compiler passes the method's <c>this</c>, by
        /// reference (<c>ref</c>, so a mutation reaches the caller's local, field or array element), or read-only
        /// (<c>in</c>) for a <c>readonly</c> member or a member of a <c>readonly struct</c>; any other is CS9148.
        /// A class or interface receiver is a reference already.
        /// </summary>
        private static string ReceiverModifier(IMethodSymbol method)
        {
            if (method.IsStatic || method.ContainingType.TypeKind != TypeKind.Struct) return string.Empty;
            return method.IsReadOnly || method.ContainingType.IsReadOnly ? "in " : "ref ";
        }

        /// <summary>
        /// How the method completes. The task of an awaitable is awaited outside the call, so by-reference and
        /// ref struct parameters or receivers (which an async method cannot take) do not change the shape.
        /// </summary>
        private static ReturnShape Shape(IMethodSymbol method)
        {
            if (method.ReturnsVoid) return ReturnShape.Void;
            if (method.ReturnType is not INamedTypeSymbol named) return ReturnShape.Value;
            return named.OriginalDefinition.ToDisplayString() switch
            {
                "System.Threading.Tasks.Task" => ReturnShape.Task,
                "System.Threading.Tasks.Task<TResult>" => ReturnShape.TaskOfT,
                "System.Threading.Tasks.ValueTask" => ReturnShape.ValueTask,
                "System.Threading.Tasks.ValueTask<TResult>" => ReturnShape.ValueTaskOfT,
                "System.Collections.Generic.IAsyncEnumerable<T>" => ReturnShape.AsyncEnumerable,
                _ => ReturnShape.Value,
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
            return parts.Count == 0 ? string.Empty : "where " + Identifiers.Escape(typeParameter.Name) + " : " + string.Join(", ", parts);
        }
    }
}
