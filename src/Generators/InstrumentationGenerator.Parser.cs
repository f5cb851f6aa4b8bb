using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NumAgents.Instrumentation.Generators.Helpers;
using NumAgents.Instrumentation.Generators.Model;

namespace NumAgents.Instrumentation.Generators;

public sealed partial class InstrumentationGenerator
{
    /// <summary>
    /// Turns symbols into specs. It never writes code and never throws: anything it cannot turn into a
    /// spec that compiles yields <see langword="null"/>.
    /// </summary>
    internal static partial class Parser
    {
        /// <summary>Fully qualified, with <c>global::</c>, keywords for special types and <c>?</c> on annotated references.</summary>
        internal static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        private static readonly string[] s_nodeBuiltInLabels = { "node", "outcome", "error_type" };
        private static readonly string[] s_methodBuiltInLabels = { "class", "method", "outcome", "error_type" };

        public static GeneratorOptions ReadOptions(ParseOptions options)
        {
            if (options is not CSharpParseOptions csharp) return default;
            var canGenerate = csharp.LanguageVersion >= LanguageVersion.CSharp12;
            return new GeneratorOptions(canGenerate, canGenerate && AllowsInterceptors(csharp));
        }

        /// <summary>
        /// The compiler reads the MSBuild property <c>InterceptorsNamespaces</c> (formerly
        /// <c>InterceptorsPreviewNamespaces</c>) as a parse-options feature of the same name.
        /// </summary>
        private static bool AllowsInterceptors(CSharpParseOptions options)
        {
            foreach (var feature in new[] { "InterceptorsNamespaces", "InterceptorsPreviewNamespaces" })
            {
                if (!options.Features.TryGetValue(feature, out var value)) continue;
                foreach (var entry in value.Split(';'))
                {
                    if (string.Equals(entry.Trim(), KnownNames.GeneratedNamespace, StringComparison.Ordinal)) return true;
                }
            }

            return false;
        }

        /// <summary>Which of our attributes <paramref name="attribute"/> is, if any.</summary>
        internal static InstrumentKind? KindOf(AttributeData attribute)
        {
            var type = attribute.AttributeClass;
            if (type is null || type.TypeKind == TypeKind.Error || !IsInstrumentationNamespace(type.ContainingNamespace)) return null;
            return type.Name switch
            {
                "TracedAttribute" => InstrumentKind.Traced,
                "TimedAttribute" => InstrumentKind.Timed,
                "CountedAttribute" => InstrumentKind.Counted,
                _ => null,
            };
        }

        internal static bool IsLabelAttribute(AttributeData attribute)
        {
            var type = attribute.AttributeClass;
            return type is { Name: "LabelAttribute" } && type.TypeKind != TypeKind.Error && IsInstrumentationNamespace(type.ContainingNamespace);
        }

        private static bool IsInstrumentationNamespace(INamespaceSymbol? ns)
            => ns is { Name: "Instrumentation" } && ns.ContainingNamespace is { Name: "NumAgents" } parent && parent.ContainingNamespace is { IsGlobalNamespace: true };

        internal static bool HasInstrumentAttribute(ISymbol symbol)
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                if (KindOf(attribute) is not null) return true;
            }

            return false;
        }

        /// <summary>
        /// Reads the three attributes of a node class or method. <see langword="null"/> when none is
        /// present, one is given twice, or any argument is malformed.
        /// </summary>
        /// <param name="attributes">The symbol's attributes.</param>
        /// <param name="defaultSpanName">The span name when <c>[Traced]</c> names none (<see langword="null"/> for a node's per-instance default).</param>
        /// <param name="defaultTimerName">The timer name when <c>[Timed]</c> names none.</param>
        /// <param name="defaultCounterName">The counter name when <c>[Counted]</c> names none.</param>
        /// <param name="labels">The <c>[Label]</c> members.</param>
        /// <param name="isNode">Whether the built-in labels are a node's or a method's.</param>
        internal static InstrumentsSpec? ReadInstruments(
            ImmutableArray<AttributeData> attributes,
            string? defaultSpanName,
            string defaultTimerName,
            string defaultCounterName,
            EquatableArray<DynamicLabelSpec> labels,
            bool isNode)
        {
            TraceSpec? trace = null;
            TimerSpec? timer = null;
            CounterSpec? counter = null;
            foreach (var attribute in attributes)
            {
                var kind = KindOf(attribute);
                if (kind is null) continue;
                if (!TryReadCommon(attribute, out var name, out var description, out var extraLabels, out var named)) return null;
                switch (kind.Value)
                {
                    case InstrumentKind.Traced:
                        if (trace is not null) return null;
                        trace = new TraceSpec(name ?? defaultSpanName, extraLabels);
                        break;
                    case InstrumentKind.Timed:
                        if (timer is not null) return null;
                        var buckets = EquatableArray<double>.Empty;
                        var recordOutcome = false;
                        foreach (var argument in named)
                        {
                            if (argument.Key == "Buckets" && !TryReadBuckets(argument.Value, out buckets)) return null;
                            if (argument.Key == "RecordOutcome" && !TryReadBool(argument.Value, out recordOutcome)) return null;
                        }

                        timer = new TimerSpec(name ?? defaultTimerName, description ?? DefaultDescription(name, defaultTimerName), extraLabels, buckets, recordOutcome);
                        break;
                    case InstrumentKind.Counted:
                        if (counter is not null) return null;
                        var failuresOnly = false;
                        foreach (var argument in named)
                        {
                            if (argument.Key == "RecordFailuresOnly" && !TryReadBool(argument.Value, out failuresOnly)) return null;
                        }

                        counter = new CounterSpec(name ?? defaultCounterName, description ?? DefaultDescription(name, defaultCounterName), extraLabels, failuresOnly);
                        break;
                }
            }

            if (trace is null && timer is null && counter is null) return null;
            if (!LabelKeysAreDistinct(trace, timer, counter, labels, isNode ? s_nodeBuiltInLabels : s_methodBuiltInLabels)) return null;
            return new InstrumentsSpec(trace, timer, counter, labels);
        }

        /// <summary>
        /// The help text of a default metric, so the four families every project shares export the same
        /// <c># HELP</c> whichever site registers them first; a named metric gets none unless given one.
        /// </summary>
        private static string? DefaultDescription(string? name, string defaultName)
            => name is not null ? null : defaultName switch
            {
                "node.duration" => "Node execution time in milliseconds, by node",
                "nodes.executed" => "Node executions by node and outcome",
                "method.duration" => "Method call time in milliseconds, by class and method",
                "method.invocations" => "Method calls by class, method and outcome",
                _ => null,
            };

        private static bool TryReadCommon(
            AttributeData attribute,
            out string? name,
            out string? description,
            out EquatableArray<LabelSpec> extraLabels,
            out ImmutableArray<KeyValuePair<string, TypedConstant>> named)
        {
            name = null;
            description = null;
            extraLabels = EquatableArray<LabelSpec>.Empty;
            named = attribute.NamedArguments;
            if (attribute.AttributeConstructor is null || !AllArgumentsBound(attribute)) return false;
            if (attribute.ConstructorArguments.Length > 1) return false;
            if (attribute.ConstructorArguments.Length == 1 && !TryReadName(attribute.ConstructorArguments[0], out name)) return false;

            foreach (var argument in named)
            {
                if (argument.Value.Kind == TypedConstantKind.Error) return false;
                switch (argument.Key)
                {
                    case "Description":
                        if (argument.Value.Value is not (null or string)) return false;
                        description = (string?)argument.Value.Value;
                        break;
                    case "ExtraLabels":
                        if (!TryReadExtraLabels(argument.Value, out extraLabels)) return false;
                        break;
                }
            }

            return true;
        }

        /// <summary>
        /// An argument that does not bind (an unknown property, a value of the wrong type) is dropped
        /// from <see cref="AttributeData"/> rather than flagged, so count what the source wrote.
        /// </summary>
        private static bool AllArgumentsBound(AttributeData attribute)
        {
            if (attribute.ApplicationSyntaxReference?.GetSyntax() is not Microsoft.CodeAnalysis.CSharp.Syntax.AttributeSyntax syntax) return true;
            var written = syntax.ArgumentList?.Arguments.Count ?? 0;
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key is not ("Description" or "ExtraLabels" or "Buckets" or "RecordOutcome" or "RecordFailuresOnly")) return false;
            }

            return written == attribute.ConstructorArguments.Length + attribute.NamedArguments.Length;
        }

        private static bool TryReadName(TypedConstant argument, out string? name)
        {
            name = null;
            if (argument.Kind != TypedConstantKind.Primitive && !argument.IsNull) return false;
            if (argument.IsNull) return true;
            if (argument.Value is not string text || text.Trim().Length == 0) return false;
            name = text;
            return true;
        }

        private static bool TryReadBool(TypedConstant argument, out bool value)
        {
            value = argument.Value is true;
            return argument.Kind == TypedConstantKind.Primitive && argument.Value is bool;
        }

        private static bool TryReadBuckets(TypedConstant argument, out EquatableArray<double> buckets)
        {
            buckets = EquatableArray<double>.Empty;
            if (argument.IsNull) return true;
            if (argument.Kind != TypedConstantKind.Array) return false;
            var values = new double[argument.Values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                if (argument.Values[i].Value is not double value || double.IsNaN(value) || double.IsInfinity(value)) return false;
                if (i > 0 && !(value > values[i - 1])) return false;
                values[i] = value;
            }

            buckets = values;
            return true;
        }

        private static bool TryReadExtraLabels(TypedConstant argument, out EquatableArray<LabelSpec> labels)
        {
            labels = EquatableArray<LabelSpec>.Empty;
            if (argument.IsNull) return true;
            if (argument.Kind != TypedConstantKind.Array) return false;
            var pairs = new LabelSpec[argument.Values.Length];
            for (var i = 0; i < pairs.Length; i++)
            {
                if (argument.Values[i].Value is not string entry) return false;
                var separator = entry.IndexOf('=');
                if (separator <= 0) return false;
                var key = entry.Substring(0, separator);
                if (!IsValidLabelKey(key)) return false;
                pairs[i] = new LabelSpec(key, entry.Substring(separator + 1));
            }

            labels = pairs;
            return true;
        }

        /// <summary>A Prometheus label name (<c>[a-zA-Z_][a-zA-Z0-9_]*</c>) that Prometheus does not reserve (<c>__</c> prefix).</summary>
        internal static bool IsValidLabelKey(string key)
        {
            if (key.Length == 0 || char.IsDigit(key[0]) || key.StartsWith("__", StringComparison.Ordinal)) return false;
            foreach (var c in key)
            {
                if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_')) return false;
            }

            return true;
        }

        /// <summary>
        /// Every instrument's label keys must be distinct from each other and from the built-in ones,
        /// or the runtime would reject the series (and <c>le</c> is a histogram's bucket label).
        /// </summary>
        private static bool LabelKeysAreDistinct(TraceSpec? trace, TimerSpec? timer, CounterSpec? counter, EquatableArray<DynamicLabelSpec> labels, string[] builtIn)
        {
            var dynamicKeys = labels.Select(static l => l.Key).ToArray();
            if (dynamicKeys.Any(key => key == "le") && timer is not null) return false;
            if (!Distinct(builtIn.Concat(dynamicKeys))) return false;
            if (trace is not null && !Distinct(builtIn.Concat(dynamicKeys).Concat(trace.ExtraAttributes.Select(static l => l.Key)))) return false;
            if (timer is not null && (!Distinct(builtIn.Concat(dynamicKeys).Concat(timer.ExtraLabels.Select(static l => l.Key))) || timer.ExtraLabels.Any(static l => l.Key == "le"))) return false;
            if (counter is not null && !Distinct(builtIn.Concat(dynamicKeys).Concat(counter.ExtraLabels.Select(static l => l.Key)))) return false;
            return true;

            static bool Distinct(IEnumerable<string> keys)
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var key in keys)
                {
                    if (!seen.Add(key)) return false;
                }

                return true;
            }
        }

        /// <summary>
        /// The key of a <c>[Label]</c> member: the attribute's name, else the member's name in
        /// snake_case. <see langword="null"/> when the attribute is malformed or the key is invalid.
        /// </summary>
        internal static string? ReadLabelKey(AttributeData attribute, string memberName)
        {
            if (attribute.ConstructorArguments.Length > 1) return null;
            string? key;
            if (attribute.ConstructorArguments.Length == 1)
            {
                if (!TryReadName(attribute.ConstructorArguments[0], out key)) return null;
                key ??= ToSnakeCase(memberName);
            }
            else
            {
                key = ToSnakeCase(memberName);
            }

            return IsValidLabelKey(key) ? key : null;
        }

        /// <summary><c>toolName</c> to <c>tool_name</c>, <c>HTTPStatus</c> to <c>http_status</c>, <c>Model</c> to <c>model</c>.</summary>
        internal static string ToSnakeCase(string name)
        {
            var builder = new StringBuilder(name.Length + 4);
            for (var i = 0; i < name.Length; i++)
            {
                var c = name[i];
                if (char.IsUpper(c))
                {
                    var previousIsLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                    var startsWord = i > 0 && char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                    if ((previousIsLowerOrDigit || startsWord) && builder.Length > 0 && builder[builder.Length - 1] != '_') builder.Append('_');
                    builder.Append(char.ToLowerInvariant(c));
                }
                else
                {
                    builder.Append(c);
                }
            }

            return builder.ToString();
        }

        /// <summary>Whether a type can be named from generated code elsewhere in the assembly.</summary>
        internal static bool IsNameable(ITypeSymbol type, Compilation compilation)
        {
            switch (type)
            {
                case ITypeParameterSymbol:
                case IDynamicTypeSymbol:
                    return true;
                case IArrayTypeSymbol array:
                    return IsNameable(array.ElementType, compilation);
                case INamedTypeSymbol named:
                    if (named.TypeKind == TypeKind.Error || named.IsAnonymousType) return false;
                    if (!compilation.IsSymbolAccessibleWithin(named.OriginalDefinition, compilation.Assembly)) return false;
                    foreach (var argument in named.TypeArguments)
                    {
                        if (!IsNameable(argument, compilation)) return false;
                    }

                    return named.ContainingType is null || IsNameable(named.ContainingType, compilation);
                default:
                    // Pointers and function pointers need unsafe code; the generated code stays safe.
                    return false;
            }
        }

        /// <summary>A type's display name as a C# reader knows it, for comments.</summary>
        internal static string Display(ISymbol symbol) => symbol.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);

        /// <summary>A name for a generated file: letters, digits, <c>.</c> and <c>_</c> only.</summary>
        internal static string SafeHintPart(string text)
        {
            var builder = new StringBuilder(text.Length);
            foreach (var c in text)
            {
                builder.Append(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '.' or '_' ? c : '_');
            }

            return builder.ToString();
        }

        /// <summary>A short stable hash (FNV-1a, 32 bits) that keeps overloads' file names apart.</summary>
        internal static string StableHash(string text)
        {
            unchecked
            {
                var hash = 2166136261u;
                foreach (var c in text)
                {
                    hash = (hash ^ c) * 16777619u;
                }

                return hash.ToString("x8", CultureInfo.InvariantCulture);
            }
        }
    }
}
