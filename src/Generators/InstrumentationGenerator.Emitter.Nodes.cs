using Microsoft.CodeAnalysis;
using NumAgents.Instrumentation.Generators.Helpers;
using NumAgents.Instrumentation.Generators.Model;

namespace NumAgents.Instrumentation.Generators;

public sealed partial class InstrumentationGenerator
{
    internal static partial class Emitter
    {
        /// <summary>
        /// Reopens the node class and overrides its execution seam (<c>InvokeNode</c>, or
        /// <c>InvokeNodeAsync</c> for an <c>AsyncNode</c>) so every execution runs inside one span,
        /// one timer and one counter sharing one start and one end timestamp.
        /// </summary>
        public static void EmitNode(SourceProductionContext context, NodeSpec spec)
        {
            AddSource(context, spec.HintName, () => EmitNode(spec));
        }

        internal static string EmitNode(NodeSpec spec)
        {
            var writer = new SourceWriter();
            WriteHeader(writer);
            if (spec.ReadsObsoleteMembers)
            {
                writer.WriteLine("#pragma warning disable CS0612, CS0618");
                writer.WriteLine();
            }

            if (spec.Namespace is not null)
            {
                writer.WriteLine("namespace " + spec.Namespace + ";");
                writer.WriteLine();
            }

            foreach (var outer in spec.ContainingTypes)
            {
                writer.OpenBlock("partial " + outer.Keyword + " " + outer.Name + outer.TypeParameters);
            }

            writer.OpenBlock("partial class " + spec.Type.Name + spec.Type.TypeParameters);
            WriteSite(writer, GeneratedCodeAttribute + "\nprivate static readonly " + KnownNames.Site + " __numAgentsSite", spec.Instruments, className: null, methodName: null);
            writer.WriteLine();
            writer.WriteLine("/// <summary>The site bound to the monitor (and node name) of the last execution: handles are looked up once, not per execution.</summary>");
            writer.WriteLine(GeneratedCodeAttribute);
            writer.WriteLine("private " + KnownNames.Binding + "? __numAgentsBinding;");
            writer.WriteLine();
            if (spec.IsAsync)
            {
                WriteAsyncSeam(writer, spec);
            }
            else
            {
                WriteSyncSeam(writer, spec);
            }

            if (!spec.IsSealed) WriteUninstrumentedCore(writer, spec);
            writer.CloseBlock();
            foreach (var _ in spec.ContainingTypes)
            {
                writer.CloseBlock();
            }

            return writer.ToString();
        }

        private static void WriteClsCompliance(SourceWriter writer, NodeSpec spec)
        {
            if (spec.MarkNotClsCompliant) writer.WriteLine("[global::System.CLSCompliant(false)]");
        }

        private static string Resolve(NodeSpec spec)
            => "var __binding = __numAgentsSite.Resolve(ref __numAgentsBinding, " + KnownNames.AgentMonitor + ".Current, ((global::NumAgents.Core.Node)this).Name"
                + LabelValuesArgument(spec.Instruments) + ");";

        private static void WriteSyncSeam(SourceWriter writer, NodeSpec spec)
        {
            var shared = spec.SharedParameter;
            var inner = spec.BaseHasUninstrumentedCore ? "base." + KnownNames.InvokeNodeUninstrumented + "(" + shared + ")" : "base." + KnownNames.InvokeNode + "(" + shared + ")";
            writer.WriteLine("/// <inheritdoc/>");
            writer.WriteLine("/// <remarks>Generated: each execution records " + Summary(spec.Instruments) + " into <c>AgentMonitor.Current</c>.</remarks>");
            writer.WriteLine(GeneratedCodeAttribute);
            WriteClsCompliance(writer, spec);
            writer.OpenBlock("protected override " + KnownNames.NodeResult + " " + KnownNames.InvokeNode + "(" + KnownNames.SharedStore + " " + shared + ")");
            writer.WriteLine("if (!" + KnownNames.IsEnabled + ") return " + inner + ";");
            writer.WriteLine(Resolve(spec));
            writer.WriteLine("if (!__binding.IsEnabled) return " + inner + ";");
            WriteRecordedCall(writer, inner, returnsValue: true, spec.Instruments);
            writer.CloseBlock();
        }

        private static void WriteAsyncSeam(SourceWriter writer, NodeSpec spec)
        {
            var shared = spec.SharedParameter;
            var token = spec.CancellationParameter;
            var taskOfResult = KnownNames.Task + "<" + KnownNames.NodeResult + ">";
            var inner = spec.BaseHasUninstrumentedCore
                ? "base." + KnownNames.InvokeNodeAsyncUninstrumented + "(" + shared + ", " + token + ")"
                : "base." + KnownNames.InvokeNodeAsync + "(" + shared + ", " + token + ")";
            writer.WriteLine("/// <inheritdoc/>");
            writer.WriteLine("/// <remarks>Generated: each execution records " + Summary(spec.Instruments) + " into <c>AgentMonitor.Current</c>, timed to its completion.</remarks>");
            writer.WriteLine(GeneratedCodeAttribute);
            WriteClsCompliance(writer, spec);
            writer.OpenBlock("protected override " + taskOfResult + " " + KnownNames.InvokeNodeAsync + "(" + KnownNames.SharedStore + " " + shared + ", " + KnownNames.CancellationToken + " " + token + ")");
            writer.WriteLine("if (!" + KnownNames.IsEnabled + ") return " + inner + ";");
            writer.WriteLine(Resolve(spec));
            writer.WriteLine("return __binding.IsEnabled ? __numAgentsInvokeNodeAsync(__binding, " + shared + ", " + token + ") : " + inner + ";");
            writer.CloseBlock();
            writer.WriteLine();
            writer.WriteLine(GeneratedCodeAttribute);
            writer.OpenBlock("private async " + taskOfResult + " __numAgentsInvokeNodeAsync(" + KnownNames.Binding + " __binding, " + KnownNames.SharedStore + " " + shared + ", " + KnownNames.CancellationToken + " " + token + ")");
            WriteRecordedCall(writer, "await " + inner + ".ConfigureAwait(false)", returnsValue: true, spec.Instruments);
            writer.CloseBlock();
        }

        /// <summary>
        /// The body without this class's instrumentation, for a derived class that is instrumented too:
        /// its override calls this instead of <c>base.InvokeNode</c>, so one execution is recorded once.
        /// </summary>
        private static void WriteUninstrumentedCore(SourceWriter writer, NodeSpec spec)
        {
            var shared = spec.SharedParameter;
            var hides = spec.BaseHasUninstrumentedCore ? "new " : string.Empty;
            writer.WriteLine();
            writer.WriteLine("/// <summary>");
            writer.WriteLine("/// Runs one execution without the instrumentation generated for this class. An instrumented");
            writer.WriteLine("/// class deriving from this one calls it, so that each execution is recorded once.");
            writer.WriteLine("/// </summary>");
            writer.WriteLine("/// <param name=\"" + shared.TrimStart('@') + "\">The flow's shared store.</param>");
            if (spec.IsAsync)
            {
                var token = spec.CancellationParameter;
                writer.WriteLine("/// <param name=\"" + token.TrimStart('@') + "\">Cancels the execution.</param>");
                writer.WriteLine(KnownNames.EditorBrowsableNever);
                writer.WriteLine(GeneratedCodeAttribute);
                WriteClsCompliance(writer, spec);
                var inner = spec.BaseHasUninstrumentedCore ? KnownNames.InvokeNodeAsyncUninstrumented : KnownNames.InvokeNodeAsync;
                writer.WriteLine("protected " + hides + KnownNames.Task + "<" + KnownNames.NodeResult + "> " + KnownNames.InvokeNodeAsyncUninstrumented + "(" + KnownNames.SharedStore + " " + shared + ", "
                    + KnownNames.CancellationToken + " " + token + ") => base." + inner + "(" + shared + ", " + token + ");");
            }
            else
            {
                writer.WriteLine(KnownNames.EditorBrowsableNever);
                writer.WriteLine(GeneratedCodeAttribute);
                WriteClsCompliance(writer, spec);
                var inner = spec.BaseHasUninstrumentedCore ? KnownNames.InvokeNodeUninstrumented : KnownNames.InvokeNode;
                writer.WriteLine("protected " + hides + KnownNames.NodeResult + " " + KnownNames.InvokeNodeUninstrumented + "(" + KnownNames.SharedStore + " " + shared + ") => base." + inner + "(" + shared + ");");
            }
        }
    }
}
