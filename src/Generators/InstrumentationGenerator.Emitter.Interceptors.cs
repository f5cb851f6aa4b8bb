using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using NumAgents.Instrumentation.Generators.Helpers;
using NumAgents.Instrumentation.Generators.Model;
using NumAgents.Instrumentation.Validation;

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
            AddSource(context, spec.Method.HintName, () => EmitInterceptor(spec));
        }

        internal static string EmitInterceptor(InterceptorSpec spec)
        {
            var method = spec.Method;
            var writer = new SourceWriter();
            WriteHeader(writer);
            var pragmas = method.SuppressedWarnings.Where(static id => id != Parser.ObsoleteMarker).ToList();
            if (pragmas.Count > 0)
            {
                // The forwarded call repeats what the user's call already says (an experimental API, an 'in'
                // parameter of a virtual member: see Parser.SuppressedWarnings).
                writer.WriteLine("#pragma warning disable " + string.Join(", ", pragmas));
                writer.WriteLine();
            }

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

            // Obsolete code may use obsolete APIs, even those that are errors to use elsewhere (CS0619).
            if (method.SuppressedWarnings.Contains(Parser.ObsoleteMarker)) writer.WriteLine("[global::System.Obsolete]");
            writer.OpenBlock("file static class " + GeneratedNames.InterceptorClass);
            WriteSite(writer, "private static readonly " + KnownNames.Site + " " + GeneratedNames.Site, method.Instruments, method.ClassLabel, method.MethodName);
            writer.WriteLine();
            foreach (var location in spec.Locations)
            {
                writer.WriteLine("// " + location.Display);
                writer.WriteLine("[global::System.Runtime.CompilerServices.InterceptsLocation(" + location.Version.ToString(CultureInfo.InvariantCulture) + ", " + Literal(location.Data) + ")]");
            }

            var call = Call(method);
            var forward = (method.ReceiverType.Length > 0 ? new[] { method.ReceiverModifier + GeneratedNames.Receiver } : new string[0])
                .Concat(method.Parameters.Select(static p => p.ArgumentModifier + p.Name));
            var instrumented = GeneratedNames.Instrumented + TypeParameterList(method) + "(" + string.Join(", ", forward) + ")";

            // The interceptor itself is a switch test and a call, small enough to inline at the call
            // site, so switched-off instrumentation costs one static read.
            writer.WriteLine(KnownNames.AggressiveInlining);
            WriteMethodAttributes(writer, method);
            writer.OpenBlock("public static " + method.ReturnType + " " + method.InterceptorName + TypeParameterList(method) + "(" + InterceptorParameters(method, extension: true) + ")" + ConstraintClauses(method));
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
            WriteMethodAttributes(writer, method);
            writer.OpenBlock("private static " + method.ReturnType + " " + GeneratedNames.Instrumented + TypeParameterList(method) + "(" + InterceptorParameters(method, extension: false) + ")" + ConstraintClauses(method));
            writer.WriteLine("var __binding = " + GeneratedNames.Site + ".Resolve(" + KnownNames.AgentMonitor + ".Current" + LabelValuesArgument(method.Instruments) + ");");
            switch (method.Shape)
            {
                case ReturnShape.Void:
                    writer.OpenBlock("if (!__binding.IsEnabled)");
                    writer.WriteLine(call + ";");
                    writer.WriteLine("return;");
                    writer.CloseBlock();
                    writer.WriteLine();
                    WriteRecordedCall(writer, call, returnsValue: false, method.Instruments);
                    break;
                case ReturnShape.Value:
                    writer.WriteLine("if (!__binding.IsEnabled) return " + call + ";");
                    WriteRecordedCall(writer, call, returnsValue: true, method.Instruments, readsUsage: method.Usage is not null);
                    break;
                case ReturnShape.AsyncEnumerable:
                    // The call only creates the sequence; the span, timer and counter cover its enumeration.
                    writer.WriteLine("var __source = " + call + ";");
                    writer.WriteLine("return __binding.IsEnabled ? __binding.Enumerate(__source) : __source;");
                    break;
                default:
                    WriteAwaitable(writer, method, call);
                    break;
            }

            writer.CloseBlock();
            if (method.Shape is ReturnShape.Task or ReturnShape.TaskOfT or ReturnShape.ValueTask or ReturnShape.ValueTaskOfT)
            {
                writer.WriteLine();
                if (method.Usage is null) WriteCompletion(writer, method.Shape);
                else WriteCompletionReadingUsage(writer, method);
            }

            if (method.Usage is { } usage)
            {
                writer.WriteLine();
                WriteUsageReader(writer, usage);
            }

            writer.CloseBlock();
            writer.CloseBlock();
            return writer.ToString();
        }

        private static void WriteMethodAttributes(SourceWriter writer, MethodSpec method)
        {
            if (!method.Attributes.IsEmpty) writer.WriteLine(Attributes(method.Attributes, string.Empty).TrimEnd());
            if (!method.ReturnAttributes.IsEmpty) writer.WriteLine(Attributes(method.ReturnAttributes, "return: ").TrimEnd());
        }

        /// <summary>The forwarded call: <c>__receiver.M&lt;T&gt;(a, ref b)</c> or <c>global::Ns.Type.M(a)</c>.</summary>
        private static string Call(MethodSpec method)
            => method.CallTarget + method.TypeArguments + "(" + string.Join(", ", method.Parameters.Select(static p => p.ArgumentModifier + p.Name)) + ")";

        /// <summary>The interceptor's parameters (an extension method's), or its helper's (the same, without <c>this</c>).</summary>
        private static string InterceptorParameters(MethodSpec method, bool extension)
        {
            var parameters = method.Parameters.Select(p => Attributes(p.Attributes, string.Empty) + (extension ? p.Modifiers : StripThis(p.Modifiers)) + p.Type + " " + p.Name);
            var receiver = (extension ? "this " : string.Empty) + method.ReceiverModifier + method.ReceiverType + " " + GeneratedNames.Receiver;
            return string.Join(", ", method.ReceiverType.Length > 0 ? new[] { receiver }.Concat(parameters) : parameters);

            static string StripThis(string modifiers) => modifiers.StartsWith("this ", System.StringComparison.Ordinal) ? modifiers.Substring("this ".Length) : modifiers;
        }

        /// <summary><c>[return: A(x)] </c> or <c>[A(x)] [B] </c>: attributes repeated from the intercepted method, or empty.</summary>
        private static string Attributes(EquatableArray<AttributeSpec> attributes, string target)
            => string.Concat(attributes.Select(a => "[" + target + a.Type + (a.Arguments.IsEmpty ? string.Empty : "(" + string.Join(", ", a.Arguments) + ")") + "] "));

        private static string TypeParameterList(MethodSpec method)
            => method.TypeParameters.IsEmpty ? string.Empty : "<" + string.Join(", ", method.TypeParameters.Select(static t => t.Name)) + ">";

        private static string ConstraintClauses(MethodSpec method)
            => string.Concat(method.TypeParameters.Where(static t => t.Constraints.Length > 0).Select(static t => " " + t.Constraints));

        private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
    }
}
