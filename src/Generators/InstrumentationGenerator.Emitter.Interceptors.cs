using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using NumAgents.Instrumentation.Generators.Helpers;
using NumAgents.Instrumentation.Generators.Model;

namespace NumAgents.Instrumentation.Generators;

public sealed partial class InstrumentationGenerator
{
    internal static partial class Emitter
    {
        /// <summary>
        /// One file per attributed method: a file-local class in the interceptors namespace whose one
        /// method replaces every call to it found in this compilation.
        /// </summary>
        public static void EmitInterceptor(SourceProductionContext context, InterceptorSpec spec)
        {
            context.AddSource(spec.Method.HintName, EmitInterceptor(spec));
        }

        internal static string EmitInterceptor(InterceptorSpec spec)
        {
            var method = spec.Method;
            var writer = new SourceWriter();
            WriteHeader(writer);

            // Declared file-local, as the interceptors specification recommends, so it cannot clash with
            // another generator's copy.
            writer.OpenBlock("namespace System.Runtime.CompilerServices");
            writer.WriteLine("[global::System.AttributeUsage(global::System.AttributeTargets.Method, AllowMultiple = true)]");
            writer.OpenBlock("file sealed class InterceptsLocationAttribute : global::System.Attribute");
            writer.OpenBlock("public InterceptsLocationAttribute(int version, string data)");
            writer.CloseBlock();
            writer.CloseBlock();
            writer.CloseBlock();
            writer.WriteLine();

            writer.OpenBlock("namespace " + KnownNames.GeneratedNamespace);
            writer.WriteLine("/// <summary>Instruments calls to <c>" + Escape(method.DisplayName) + "</c>.</summary>");
            writer.WriteLine(GeneratedCodeAttribute);
            writer.OpenBlock("file static class Interceptor");
            WriteSite(writer, "private static readonly " + KnownNames.Site + " Site", method.Instruments, method.ClassLabel, method.MethodName);
            writer.WriteLine();
            foreach (var location in spec.Locations)
            {
                writer.WriteLine("// " + location.Display);
                writer.WriteLine("[global::System.Runtime.CompilerServices.InterceptsLocation(" + location.Version.ToString(CultureInfo.InvariantCulture) + ", " + Literal(location.Data) + ")]");
            }

            var call = method.CallTarget + method.MethodName + method.TypeArguments + "(" + string.Join(", ", method.Parameters.Select(static p => p.ArgumentModifier + p.Name)) + ")";
            var forward = (method.ReceiverType.Length > 0 ? new[] { method.ReceiverModifier + "__receiver" } : new string[0])
                .Concat(method.Parameters.Select(static p => p.ArgumentModifier + p.Name));
            var instrumented = "Instrumented" + TypeParameterList(method) + "(" + string.Join(", ", forward) + ")";

            // The interceptor itself is a switch test and a call, small enough to inline at the call
            // site, so switched-off instrumentation costs one static read.
            writer.WriteLine("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
            writer.OpenBlock("public static " + method.ReturnType + " " + method.MethodName + TypeParameterList(method) + "(" + InterceptorParameters(method, extension: true) + ")" + ConstraintClauses(method));
            if (method.Shape == ReturnShape.Void)
            {
                writer.OpenBlock("if (" + KnownNames.IsEnabled + ")");
                writer.WriteLine(instrumented + ";");
                writer.CloseBlock();
                writer.OpenBlock("else");
                writer.WriteLine(call + ";");
                writer.CloseBlock();
            }
            else
            {
                writer.WriteLine("return " + KnownNames.IsEnabled + " ? " + instrumented + " : " + call + ";");
            }

            writer.CloseBlock();
            writer.WriteLine();

            writer.WriteLine(GeneratedCodeAttribute);
            writer.OpenBlock("private static " + method.ReturnType + " Instrumented" + TypeParameterList(method) + "(" + InterceptorParameters(method, extension: false) + ")" + ConstraintClauses(method));
            writer.WriteLine("var __binding = Site.Resolve(" + KnownNames.AgentMonitor + ".Current" + LabelValuesArgument(method.Instruments) + ");");
            switch (method.Shape)
            {
                case ReturnShape.Void:
                    writer.OpenBlock("if (!__binding.IsEnabled)");
                    writer.WriteLine(call + ";");
                    writer.WriteLine("return;");
                    writer.CloseBlock();
                    writer.WriteLine();
                    WriteRecordedCall(writer, call, returnsValue: false);
                    break;
                case ReturnShape.Value:
                    writer.WriteLine("if (!__binding.IsEnabled) return " + call + ";");
                    WriteRecordedCall(writer, call, returnsValue: true);
                    break;
                case ReturnShape.AsyncEnumerable:
                    // The call only creates the sequence; the span, timer and counter cover its enumeration.
                    writer.WriteLine("var __source = " + call + ";");
                    writer.WriteLine("return __binding.IsEnabled ? __binding.Enumerate(__source) : __source;");
                    break;
                default:
                    WriteAsync(writer, method, call);
                    break;
            }

            writer.CloseBlock();
            writer.CloseBlock();
            writer.CloseBlock();
            return writer.ToString();
        }

        /// <summary>
        /// An awaitable method is timed to its completion by an async helper; the synchronous part stays
        /// outside it, so a disabled monitor costs no state machine.
        /// </summary>
        private static void WriteAsync(SourceWriter writer, MethodSpec method, string call)
        {
            var helperArguments = "__binding" + (method.ReceiverType.Length > 0 ? ", __receiver" : string.Empty)
                + string.Concat(method.Parameters.Select(static p => ", " + p.Name));
            writer.WriteLine("return __binding.IsEnabled ? InstrumentedAsync" + TypeParameterList(method) + "(" + helperArguments + ") : " + call + ";");
            writer.CloseBlock();
            writer.WriteLine();

            var helperParameters = KnownNames.Binding + " __binding"
                + (method.ReceiverType.Length > 0 ? ", " + method.ReceiverType + " __receiver" : string.Empty)
                + string.Concat(method.Parameters.Select(static p => ", " + p.Type + " " + p.Name));
            var awaited = "await " + call + ".ConfigureAwait(false)";
            writer.WriteLine(GeneratedCodeAttribute);
            writer.OpenBlock("private static async " + method.ReturnType + " InstrumentedAsync" + TypeParameterList(method) + "(" + helperParameters + ")" + ConstraintClauses(method));
            WriteRecordedCall(writer, awaited, returnsValue: method.Shape is not (ReturnShape.Task or ReturnShape.ValueTask));
        }

        /// <summary>The interceptor's parameters (an extension method's), or its helper's (the same, without <c>this</c>).</summary>
        private static string InterceptorParameters(MethodSpec method, bool extension)
        {
            var parameters = method.Parameters.Select(p => (extension ? p.Modifiers : StripThis(p.Modifiers)) + p.Type + " " + p.Name);
            var receiver = (extension ? "this " : string.Empty) + method.ReceiverModifier + method.ReceiverType + " __receiver";
            return string.Join(", ", method.ReceiverType.Length > 0 ? new[] { receiver }.Concat(parameters) : parameters);

            static string StripThis(string modifiers) => modifiers.StartsWith("this ", System.StringComparison.Ordinal) ? modifiers.Substring("this ".Length) : modifiers;
        }

        private static string TypeParameterList(MethodSpec method)
            => method.TypeParameters.IsEmpty ? string.Empty : "<" + string.Join(", ", method.TypeParameters.Select(static t => t.Name)) + ">";

        private static string ConstraintClauses(MethodSpec method)
            => string.Concat(method.TypeParameters.Where(static t => t.Constraints.Length > 0).Select(static t => " " + t.Constraints));

        private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
    }
}
