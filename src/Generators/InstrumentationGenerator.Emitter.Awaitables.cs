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
            var readsUsage = method.Usage is not null;
            writer.WriteLine("if (!__binding.IsEnabled) return " + call + ";");
            writer.WriteLine("var __call = __binding.Start();");
            writer.WriteLine(method.ReturnType + " __task;");
            writer.OpenBlock("try");
            WriteSpanMembers(writer, method.Instruments);
            writer.WriteLine("__task = " + call + ";");
            writer.CloseBlock();
            WriteFailureFilter(writer);
            writer.WriteLine();
            writer.WriteLine("__call.LeaveScope();");

            // A method that returns null instead of a task has returned, as far as it is concerned; its caller
            // meets the null where it would have without instrumentation.
            writer.OpenBlock(isTask ? "if (__task is null || __task.IsCompletedSuccessfully)" : "if (__task.IsCompletedSuccessfully)");
            if (readsUsage && isTask)
            {
                writer.WriteLine("if (__task is not null) " + GeneratedNames.RecordUsage + "(__call, __task.Result);");
            }
            else if (readsUsage)
            {
                // Reading a ValueTask's result consumes it (a pooled IValueTaskSource may be reused at once), so the
                // caller gets the value in a new ValueTask rather than the one already read.
                writer.WriteLine("var __result = __task.Result;");
                writer.WriteLine(GeneratedNames.RecordUsage + "(__call, __result);");
                writer.WriteLine("__call.Succeeded();");
                writer.WriteLine("return new(__result);");
            }

            if (!readsUsage || isTask)
            {
                writer.WriteLine("__call.Succeeded();");
                writer.WriteLine(isTask ? "return __task!;" : "return __task;");
            }

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

            // The completion that reads usage names the result's type, which may use the method's type parameters.
            writer.WriteLine("return " + GeneratedNames.Complete + (readsUsage ? TypeParameterList(method) : string.Empty) + "(__call, __task);");
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

        /// <summary>
        /// The completion of an LLM call's task: like <see cref="WriteCompletion"/>, and reads the usage the result reports
        /// before the call ends. It takes the method's own task type (and so the interceptor's type parameters), because
        /// what is read depends on the result's type.
        /// </summary>
        private static void WriteCompletionReadingUsage(SourceWriter writer, MethodSpec method)
        {
            // A Task<T>? method's task is not null here: the interceptor returned a null one as it was.
            var taskType = method.ReturnType.EndsWith("?", System.StringComparison.Ordinal) ? method.ReturnType.Substring(0, method.ReturnType.Length - 1) : method.ReturnType;
            writer.WriteLine(GeneratedCodeAttribute);
            writer.OpenBlock("private static async " + taskType + " " + GeneratedNames.Complete + TypeParameterList(method) + "(" + KnownNames.InstrumentedCall + " __call, " + taskType + " __task)" + ConstraintClauses(method));
            writer.OpenBlock("try");
            writer.WriteLine("var __result = await __task.ConfigureAwait(false);");
            writer.WriteLine(GeneratedNames.RecordUsage + "(__call, __result);");
            writer.WriteLine("__call.Succeeded();");
            writer.WriteLine("return __result;");
            writer.CloseBlock();
            WriteFailureFilter(writer);
            writer.CloseBlock();
        }

        /// <summary>
        /// The method that records what an LLM call's result reports, with no reflection: the members are named here,
        /// as the referenced version declares them (a count it lacks is passed as <see langword="null"/>). A null result
        /// records nothing.
        /// </summary>
        private static void WriteUsageReader(SourceWriter writer, UsageSpec usage)
        {
            var call = KnownNames.InstrumentedCall + " __call";
            writer.WriteLine("/// <summary>Records the token usage the call's result reports.</summary>");
            writer.WriteLine(GeneratedCodeAttribute);
            switch (usage.Source)
            {
                case UsageSource.TokenUsage:
                case UsageSource.NullableTokenUsage:
                    writer.WriteLine("private static void " + GeneratedNames.RecordUsage + "(" + call + ", " + KnownNames.TokenUsage + "? __usage) => __call.RecordTokenUsage(__usage, null);");
                    break;
                case UsageSource.Report when usage.ResultKind == ResultKind.Reference:
                    writer.OpenBlock("private static void " + GeneratedNames.RecordUsage + "(" + call + ", " + KnownNames.TokenUsageReport + "? __report)");
                    writer.WriteLine("if (__report is null) return;");
                    writer.WriteLine("__call.RecordTokenUsage(__report.TokenUsage, __report.ModelId);");
                    writer.CloseBlock();
                    break;
                case UsageSource.Report when usage.ResultKind == ResultKind.Value:
                    // A constrained call on the value itself: a struct report is never boxed (nor tested for null, which
                    // unoptimized code would box it for).
                    writer.WriteLine("private static void " + GeneratedNames.RecordUsage + "<TReport>(" + call + ", TReport __report)");
                    writer.WriteLine("    where TReport : struct, " + KnownNames.TokenUsageReport);
                    writer.WriteLine("    => __call.RecordTokenUsage(__report.TokenUsage, __report.ModelId);");
                    break;
                case UsageSource.Report:
                    // A type parameter, a class or a struct: a constrained call, after a null test the JIT removes for a struct.
                    writer.WriteLine("private static void " + GeneratedNames.RecordUsage + "<TReport>(" + call + ", TReport __report)");
                    writer.WriteLine("    where TReport : " + KnownNames.TokenUsageReport + "?");
                    writer.OpenBlock();
                    writer.WriteLine("if (__report is null) return;");
                    writer.WriteLine("__call.RecordTokenUsage(__report.TokenUsage, __report.ModelId);");
                    writer.CloseBlock();
                    break;
                case UsageSource.NullableReport:
                    writer.WriteLine("private static void " + GeneratedNames.RecordUsage + "<TReport>(" + call + ", TReport? __report)");
                    writer.WriteLine("    where TReport : struct, " + KnownNames.TokenUsageReport);
                    writer.OpenBlock();
                    writer.WriteLine("if (__report is not { } __value) return;");
                    writer.WriteLine("__call.RecordTokenUsage(__value.TokenUsage, __value.ModelId);");
                    writer.CloseBlock();
                    break;
                case UsageSource.ChatResponse:
                    writer.OpenBlock("private static void " + GeneratedNames.RecordUsage + "(" + call + ", " + KnownNames.ChatResponse + "? __response)");
                    writer.WriteLine("if (__response is null) return;");
                    writer.WriteLine("var __usage = __response.Usage;");
                    writer.WriteLine("__call.RecordTokenUsage(" + Counts(usage, "__usage?.") + ", " + (usage.HasModelId ? "__response.ModelId" : "null") + ");");
                    writer.CloseBlock();
                    break;
                default:
                    writer.OpenBlock("private static void " + GeneratedNames.RecordUsage + "(" + call + ", " + KnownNames.UsageDetails + "? __usage)");
                    writer.WriteLine("if (__usage is null) return;");
                    writer.WriteLine("__call.RecordTokenUsage(" + Counts(usage, "__usage.") + ", null);");
                    writer.CloseBlock();
                    break;
            }

            static string Counts(UsageSpec usage, string on)
                => string.Join(", ", new[]
                {
                    usage.HasInput ? on + "InputTokenCount" : "null",
                    usage.HasOutput ? on + "OutputTokenCount" : "null",
                    usage.HasCachedInput ? on + "CachedInputTokenCount" : "null",
                    usage.HasReasoning ? on + "ReasoningTokenCount" : "null",
                });
        }
    }
}
