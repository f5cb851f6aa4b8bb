using NumAgents.Instrumentation.Generators.Helpers;
using NumAgents.Instrumentation.Generators.Model;
using NumAgents.Instrumentation.Validation;

namespace NumAgents.Instrumentation.Generators;

public sealed partial class InstrumentationGenerator
{
    internal static partial class Emitter
    {
        /// <summary>
        /// The body of a <c>Task</c> or <c>ValueTask</c> method's wrapper. The method is called in this
        /// synchronous frame, with the span current, so whatever it throws before returning its task is
        /// thrown here, synchronously, as the same object with the same stack (and recorded as a failure);
        /// a mutation of a struct receiver or a by-reference argument reaches the caller's storage. The frame
        /// then leaves the span's scope, so the caller goes on with its own current span, and the task is
        /// awaited by <c>__Complete</c>, which ends the call when it completes. A task that has already
        /// completed successfully, or (a <c>Task</c>) already faulted, is returned as it is, with no state machine.
        /// </summary>
        private static void WriteAwaitable(SourceWriter writer, MethodSpec method, string call)
        {
            var isTask = method.Shape is ReturnShape.Task or ReturnShape.TaskOfT;
            writer.WriteLine("if (!__binding.IsEnabled) return " + call + ";");
            writer.WriteLine("var __call = __binding.Start();");
            writer.WriteLine(method.ReturnType + " __task;");
            writer.OpenBlock("try");
            writer.WriteLine("__task = " + call + ";");
            writer.CloseBlock();
            WriteFailureFilter(writer);
            writer.WriteLine();
            writer.WriteLine("__call.LeaveScope();");

            // A method that returns null instead of a task has returned, as far as it is concerned; its caller
            // meets the null where it would have without instrumentation.
            writer.OpenBlock(isTask ? "if (__task is null || __task.IsCompletedSuccessfully)" : "if (__task.IsCompletedSuccessfully)");
            writer.WriteLine("__call.Succeeded();");
            writer.WriteLine(isTask ? "return __task!;" : "return __task;");
            writer.CloseBlock();
            writer.WriteLine();
            if (isTask)
            {
                // A task that is already faulted goes back to the caller as the same task. (A ValueTask's
                // exception cannot be read without consuming it, so a faulted one is awaited like any other.)
                writer.OpenBlock("if (__task.IsFaulted)");
                writer.WriteLine("__call.Failed(__task.Exception!.InnerException ?? __task.Exception);");
                writer.WriteLine("return __task;");
                writer.CloseBlock();
                writer.WriteLine();
            }

            writer.WriteLine("return " + GeneratedNames.Complete + "(__call, __task);");
        }

        /// <summary>
        /// The async method that awaits a task the wrapper returned and ends the call by its outcome. It
        /// depends on nothing but the task's result type, so it takes that as its own type parameter.
        /// </summary>
        private static void WriteCompletion(SourceWriter writer, ReturnShape shape)
        {
            var (returnType, taskType, returnsValue) = shape switch
            {
                ReturnShape.Task => (KnownNames.Task, KnownNames.Task, false),
                ReturnShape.TaskOfT => (KnownNames.Task + "<TResult>", KnownNames.Task + "<TResult>", true),
                ReturnShape.ValueTask => (KnownNames.ValueTask, KnownNames.ValueTask, false),
                _ => (KnownNames.ValueTask + "<TResult>", KnownNames.ValueTask + "<TResult>", true),
            };
            writer.WriteLine(GeneratedCodeAttribute);
            writer.OpenBlock("private static async " + returnType + " " + GeneratedNames.Complete + (returnsValue ? "<TResult>" : string.Empty) + "(" + KnownNames.InstrumentedCall + " __call, " + taskType + " __task)");
            writer.OpenBlock("try");
            if (returnsValue)
            {
                writer.WriteLine("var __result = await __task.ConfigureAwait(false);");
                writer.WriteLine("__call.Succeeded();");
                writer.WriteLine("return __result;");
            }
            else
            {
                writer.WriteLine("await __task.ConfigureAwait(false);");
                writer.WriteLine("__call.Succeeded();");
            }

            writer.CloseBlock();
            WriteFailureFilter(writer);
            writer.CloseBlock();
        }
    }
}
