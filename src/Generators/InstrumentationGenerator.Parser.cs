using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using NumAgents.Instrumentation.Generators.Helpers;
using NumAgents.Instrumentation.Generators.Model;
using NumAgents.Instrumentation.Validation;

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

        public static GeneratorOptions ReadOptions(ParseOptions options)
        {
            var canGenerate = InterceptionRules.CanGenerate(options);
            return new GeneratorOptions(canGenerate, canGenerate && InterceptionRules.AllowsInterceptors(options));
        }

        /// <summary>Which of our attributes <paramref name="attribute"/> is, if any.</summary>
        internal static InstrumentKind? KindOf(AttributeData attribute) => InstrumentationInput.KindOf(attribute) switch
        {
            InstrumentAttributeKind.Traced => InstrumentKind.Traced,
            InstrumentAttributeKind.Timed => InstrumentKind.Timed,
            InstrumentAttributeKind.Counted => InstrumentKind.Counted,
            _ => null,
        };

        internal static bool HasInstrumentAttribute(ISymbol symbol) => InstrumentationInput.HasInstrumentAttribute(symbol);

        /// <summary>
        /// The span, timer and counter of a node class or method, from its attributes as
        /// <see cref="InstrumentationInput"/> reads them (the analyzers report from the same reading).
        /// <see langword="null"/> when none is present or anything is wrong with them or with the labels.
        /// </summary>
        /// <param name="attributes">The symbol's attributes.</param>
        /// <param name="defaultSpanName">The span name when <c>[Traced]</c> names none (<see langword="null"/> for a node's per-instance default).</param>
        /// <param name="defaultTimerName">The timer name when <c>[Timed]</c> names none.</param>
        /// <param name="defaultCounterName">The counter name when <c>[Counted]</c> names none.</param>
        /// <param name="labels">The readable <c>[Label]</c> members.</param>
        /// <param name="valueExpression">The C# expression that reads a label's value in the generated code.</param>
        /// <param name="isNode">Whether the built-in labels are a node's or a method's.</param>
        /// <param name="problems">What reading the labels found; anything in it means no code.</param>
        internal static InstrumentsSpec? ReadInstruments(
            ImmutableArray<AttributeData> attributes,
            string? defaultSpanName,
            string defaultTimerName,
            string defaultCounterName,
            List<LabelReading> labels,
            Func<LabelReading, string> valueExpression,
            bool isNode,
            List<InputProblem> problems)
        {
            var readings = InstrumentationInput.ReadInstruments(attributes, labels, isNode, problems);
            if (problems.Count > 0 || readings.Count == 0) return null;

            TraceSpec? trace = null;
            TimerSpec? timer = null;
            CounterSpec? counter = null;
            foreach (var reading in readings)
            {
                var name = reading.Name;
                var extraLabels = reading.ExtraLabels.Select(static l => new LabelSpec(l.Key, l.Value)).ToArray();
                switch (reading.Kind)
                {
                    case InstrumentAttributeKind.Traced:
                        trace = new TraceSpec(name ?? defaultSpanName, extraLabels);
                        break;
                    case InstrumentAttributeKind.Timed:
                        var buckets = reading.Buckets.Length == 0 ? EquatableArray<double>.Empty : reading.Buckets;
                        timer = new TimerSpec(name ?? defaultTimerName, reading.Description ?? DefaultDescription(name, defaultTimerName), extraLabels, buckets, reading.RecordOutcome);
                        break;
                    case InstrumentAttributeKind.Counted:
                        counter = new CounterSpec(name ?? defaultCounterName, reading.Description ?? DefaultDescription(name, defaultCounterName), extraLabels, reading.RecordFailuresOnly);
                        break;
                }
            }

            var dynamicLabels = labels.Select(label => new DynamicLabelSpec(label.Key, valueExpression(label))).ToArray();
            return new InstrumentsSpec(trace, timer, counter, dynamicLabels);
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
