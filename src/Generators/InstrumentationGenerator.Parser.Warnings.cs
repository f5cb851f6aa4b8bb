using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using NumAgents.Instrumentation.Generators.Helpers;

namespace NumAgents.Instrumentation.Generators;

public sealed partial class InstrumentationGenerator
{
    internal static partial class Parser
    {
        private const string ObsoleteAttribute = "System.ObsoleteAttribute";
        private const string ExperimentalAttribute = "System.Diagnostics.CodeAnalysis.ExperimentalAttribute";

        /// <summary>Stands for "an obsolete API is named", which the interceptor class answers with <c>[Obsolete]</c> rather than a pragma.</summary>
        internal const string ObsoleteMarker = "Obsolete";

        /// <summary>
        /// The diagnostics an interceptor would raise only by repeating what its caller already wrote: calling
        /// an <c>[Obsolete]</c> method or naming an obsolete type (CS0612, CS0618, or the error CS0619, which
        /// compiles only inside obsolete code: <see cref="ObsoleteMarker"/>, answered by marking the interceptor
        /// class obsolete), and using an <c>[Experimental]</c> one (its own diagnostic id, disabled with a pragma).
        /// The caller saw (or suppressed) each at the call it wrote, so the build stays as it was. (An id that
        /// is not an identifier cannot be written in a <c>#pragma</c>; a project suppresses such a one with
        /// <c>NoWarn</c>, which covers generated code too.)
        /// </summary>
        internal static EquatableArray<string> SuppressedWarnings(IMethodSymbol method)
        {
            var ids = new SortedSet<string>(System.StringComparer.Ordinal);
            var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            Visit(method, ids);
            for (var type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                VisitType(type, ids, seen);
            }

            VisitType(method.ReturnType, ids, seen);
            foreach (var parameter in method.Parameters)
            {
                VisitType(parameter.Type, ids, seen);
            }

            foreach (var typeParameter in method.TypeParameters)
            {
                foreach (var constraint in typeParameter.ConstraintTypes) VisitType(constraint, ids, seen);
            }

            Visit(method.ContainingAssembly, ids);
            Visit(method.ContainingModule, ids);

            // The compiler gives an 'in' or 'ref readonly' parameter of a virtual member modreq(InAttribute),
            // which no static method can carry, so it reports the interceptor's signature as different (CS9154)
            // although the call is the same.
            if ((method.IsVirtual || method.IsAbstract || method.IsOverride || (!method.IsStatic && method.ContainingType.TypeKind == TypeKind.Interface))
                && method.Parameters.Any(static p => p.RefKind is RefKind.In or RefKind.RefReadOnlyParameter))
            {
                ids.Add("CS9154");
            }
            return new EquatableArray<string>(ids);
        }

        private static void VisitType(ITypeSymbol type, SortedSet<string> ids, HashSet<ISymbol> seen)
        {
            if (!seen.Add(type)) return;
            switch (type)
            {
                case IArrayTypeSymbol array:
                    VisitType(array.ElementType, ids, seen);
                    return;
                case INamedTypeSymbol named:
                    Visit(named.OriginalDefinition, ids);
                    if (named.ContainingType is { } outer) VisitType(outer, ids, seen);
                    foreach (var argument in named.TypeArguments) VisitType(argument, ids, seen);
                    if (named.ContainingAssembly is { } assembly) Visit(assembly, ids);
                    return;
            }
        }

        private static void Visit(ISymbol? symbol, SortedSet<string> ids)
        {
            if (symbol is null) return;
            foreach (var attribute in symbol.GetAttributes())
            {
                switch (attribute.AttributeClass?.ToDisplayString())
                {
                    case ObsoleteAttribute:
                        ids.Add(ObsoleteMarker);
                        break;
                    case ExperimentalAttribute when attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string id && Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsValidIdentifier(id):
                        ids.Add(id);
                        break;
                }
            }
        }
    }
}
