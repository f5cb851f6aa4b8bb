using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NumAgents.Instrumentation.Generators.Helpers;
using NumAgents.Instrumentation.Generators.Model;

namespace NumAgents.Instrumentation.Generators;

public sealed partial class InstrumentationGenerator
{
    internal static partial class Parser
    {
        private const string CodeAnalysisNamespace = "System.Diagnostics.CodeAnalysis";

        /// <summary>The attributes of <c>System.Diagnostics.CodeAnalysis</c> that take part in nullable analysis of a signature.</summary>
        private static readonly HashSet<string> s_nullableAttributes = new(System.StringComparer.Ordinal)
        {
            "AllowNullAttribute", "DisallowNullAttribute", "MaybeNullAttribute", "NotNullAttribute",
            "MaybeNullWhenAttribute", "NotNullWhenAttribute", "NotNullIfNotNullAttribute", "DoesNotReturnIfAttribute",

            // On the method: the compiler requires an interceptor of a [DoesNotReturn] method to say so too (CS8770).
            "DoesNotReturnAttribute",
        };

        /// <summary>
        /// The nullable-analysis attributes of a parameter or of the return value, which the interceptor repeats:
        /// the compiler compares them with the intercepted method's (CS9159 otherwise), and checks the
        /// interceptor's body against them as it checks the method's. A parameter that <c>NotNullIfNotNull</c>
        /// names is named as the interceptor names it.
        /// </summary>
        /// <param name="attributes">The parameter's attributes, the method's return attributes, or the method's own.</param>
        /// <param name="parameterNames">The interceptor's name of each of the method's parameters, by the method's name.</param>
        internal static EquatableArray<AttributeSpec> NullabilityAttributes(ImmutableArray<AttributeData> attributes, IReadOnlyDictionary<string, string> parameterNames)
        {
            List<AttributeSpec>? specs = null;
            foreach (var attribute in attributes)
            {
                if (attribute.AttributeClass is not { } type || !s_nullableAttributes.Contains(type.Name)) continue;
                if (type.ContainingNamespace?.ToDisplayString() != CodeAnalysisNamespace) continue;
                if (attribute.NamedArguments.Length > 0 || attribute.ConstructorArguments.Any(static a => a.Kind == TypedConstantKind.Error)) continue;
                var arguments = attribute.ConstructorArguments.Select(argument =>
                    type.Name == "NotNullIfNotNullAttribute" && argument.Value is string name && parameterNames.TryGetValue(name, out var renamed)
                        ? SymbolDisplay.FormatLiteral(renamed.TrimStart('@'), quote: true)
                        : argument.ToCSharpString());
                (specs ??= []).Add(new AttributeSpec("global::" + CodeAnalysisNamespace + "." + type.Name, arguments.ToArray()));
            }

            return specs is null ? EquatableArray<AttributeSpec>.Empty : specs.ToArray();
        }
    }
}
