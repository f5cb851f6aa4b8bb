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

        /// <summary>Which of the attributes that instrument a node class <paramref name="attribute"/> is, if any.</summary>
        internal static InstrumentKind? KindOf(AttributeData attribute)
        {
            switch (InstrumentationInput.KindOf(attribute))
            {
                case InstrumentAttributeKind.Traced: return InstrumentKind.Traced;
                case InstrumentAttributeKind.Timed: return InstrumentKind.Timed;
                case InstrumentAttributeKind.Counted: return InstrumentKind.Counted;
            }

            return InstrumentationInput.GenAIKindOf(attribute) switch
            {
                GenAIAttributeKind.Agent => InstrumentKind.Agent,
                GenAIAttributeKind.Tool => InstrumentKind.Tool,
                GenAIAttributeKind.Retrieval => InstrumentKind.Retrieval,
                _ => null,
            };
        }

        internal static bool HasInstrumentAttribute(ISymbol symbol) => InstrumentationInput.HasInstrumentAttribute(symbol);

        /// <summary>
        /// The span, timer and counter of a node class or method, what it is in the GenAI conventions, and the members
        /// it writes on its span, from its attributes as <see cref="InstrumentationInput"/> reads them (the analyzers
        /// report from the same reading). <see langword="null"/> when none is present or anything that costs the member
        /// its code is wrong; what the generator only ignores (NAI0022) is left out of the spec.
        /// </summary>
        /// <param name="attributes">The symbol's attributes.</param>
        /// <param name="defaultSpanName">The span name when <c>[Traced]</c> names none (<see langword="null"/> for a node's per-instance default).</param>
        /// <param name="defaultTimerName">The timer name when <c>[Timed]</c> names none.</param>
        /// <param name="defaultCounterName">The counter name when <c>[Counted]</c> names none.</param>
        /// <param name="labels">The readable <c>[Label]</c> members.</param>
        /// <param name="readSpanMembers">Reads the <c>[SpanAttribute]</c> and <c>[ToolCallId]</c> members, given whether there is a span.</param>
        /// <param name="valueExpression">The C# expression that reads a member's value in the generated code.</param>
        /// <param name="isNode">Whether the built-in labels are a node's or a method's.</param>
        /// <param name="problems">What reading found; anything in it but an ignored attribute means no code.</param>
        /// <param name="genAIKind">The GenAI attribute the spec honours, if any.</param>
        /// <param name="spanMembers">The span members the spec writes, when there is a spec.</param>
        internal static InstrumentsSpec? ReadInstruments(
            ImmutableArray<AttributeData> attributes,
            string? defaultSpanName,
            string defaultTimerName,
            string defaultCounterName,
            List<KeyedMemberReading> labels,
            Func<bool, List<InputProblem>, SpanMembers> readSpanMembers,
            Func<ISymbol, string> valueExpression,
            bool isNode,
            List<InputProblem> problems,
            out GenAIAttributeKind? genAIKind,
            out SpanMembers? spanMembers)
        {
            genAIKind = null;
            spanMembers = null;
            var readings = InstrumentationInput.ReadInstruments(attributes, labels, isNode, problems, out var genAI);
            if (problems.Exists(static p => p.CostsTheMember) || (readings.Count == 0 && genAI is null)) return null;

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
                        trace = new TraceSpec(name ?? defaultSpanName, extraLabels, NameIsExplicit: name is not null);
                        break;
                    case InstrumentAttributeKind.Timed:
                        var buckets = reading.Buckets.Length == 0 ? EquatableArray<double>.Empty : reading.Buckets;
                        timer = new TimerSpec(name ?? defaultTimerName, reading.Description ?? DefaultDescription(name, defaultTimerName), extraLabels, buckets, reading.RecordOutcome);
                        break;
                    case InstrumentAttributeKind.Counted:
                        counter = new CounterSpec(name ?? defaultCounterName, reading.Description ?? DefaultDescription(name, defaultCounterName), extraLabels, reading.RecordFailuresOnly, reading.Unit);
                        break;
                }
            }

            // A GenAI attribute implies the span [Traced] would give; [Traced("name")] still names it.
            if (genAI is not null) trace ??= new TraceSpec(defaultSpanName, EquatableArray<LabelSpec>.Empty);

            var members = readSpanMembers(trace is not null, problems);
            if (problems.Exists(static p => p.CostsTheMember)) return null;

            genAIKind = genAI?.Kind;
            spanMembers = members;
            var dynamicLabels = labels.Select(label => new DynamicLabelSpec(label.Key, valueExpression(label.Member))).ToArray();
            var spanAttributes = members.SpanAttributes.Select(member => new SpanAttributeSpec(member.Key, valueExpression(member.Member))).ToArray();
            var toolCallId = members.ToolCallId is { } parameter ? valueExpression(parameter) : null;
            return new InstrumentsSpec(trace, timer, counter, dynamicLabels, genAI is null ? null : GenAI(genAI), spanAttributes, toolCallId);
        }

        /// <summary>The site's GenAI properties; operation names come from <c>GenAIConventions</c>, the runtime's one place for them.</summary>
        private static GenAISpec GenAI(GenAIReading reading) => reading.Kind switch
        {
            GenAIAttributeKind.Agent => new GenAISpec("InvokeAgent", null, reading.Name, reading.AgentId, reading.Description, null, null, null, null),
            GenAIAttributeKind.Tool => new GenAISpec("ExecuteTool", null, reading.Name, null, reading.Description, reading.ToolType, null, null, null),
            GenAIAttributeKind.Retrieval => new GenAISpec("Retrieval", null, null, null, null, null, null, null, reading.DataSource),
            _ => new GenAISpec(reading.Operation is null ? "Chat" : null, reading.Operation, null, null, null, null, reading.Provider, reading.Model, null),
        };

        /// <summary>
        /// The help text of a default metric, so the four families every project shares export the same
        /// <c># HELP</c> whichever site registers them first; a named metric gets none unless given one.
        /// </summary>
        private static string? DefaultDescription(string? name, string defaultName)
            => name is not null ? null : defaultName switch
            {
                "node.duration" => "Node execution time, by node",
                "nodes.executed" => "Node executions by node and outcome",
                "method.duration" => "Method call time, by class and method",
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
