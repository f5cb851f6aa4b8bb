namespace NumAgents.Instrumentation.Generators.Tests;

internal static partial class Sources
{
    /// <summary>
    /// <c>Task</c>, <c>Task&lt;T&gt;</c>, <c>ValueTask</c> and <c>ValueTask&lt;T&gt;</c> methods that are not
    /// <c>async</c> and throw before returning (argument validation, a parse error), one that returns an
    /// already-faulted task instead, one whose task completes later, an <c>async</c> one, one with a
    /// <c>ref</c> parameter and one that returns <see langword="null"/>. Every exception thrown is kept in
    /// <c>Parser.Thrown</c>, so a test can tell it is the same object.
    /// </summary>
    public const string Awaitables = """
        using System;
        using System.IO;
        using System.Threading.Tasks;
        using NumAgents.Instrumentation;

        namespace Shop.Async;

        public sealed class Parser
        {
            public static Exception? Thrown { get; set; }

            public static Task? Returned { get; set; }

            [Traced, Counted]
            public Task<int> ParseAsync(string text)
            {
                if (text is null) throw Keep(new ArgumentNullException(nameof(text)));
                var task = Task.FromResult(int.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
                Returned = task;
                return task;
            }

            [Traced, Counted]
            public Task SaveAsync(string path)
            {
                if (path.Length == 0) throw Keep(new ArgumentException("empty path", nameof(path)));
                return Task.Delay(1);
            }

            [Traced, Counted]
            public ValueTask<int> CountAsync(int[] items) => items.Length > 0 ? new(items.Length) : throw Keep(new InvalidOperationException("no items"));

            [Traced, Counted]
            public ValueTask FlushAsync(bool fail) => fail ? throw Keep(new IOException("disk full")) : ValueTask.CompletedTask;

            [Traced, Counted]
            public Task<int> FaultedAsync()
            {
                var task = Task.FromException<int>(Keep(new TimeoutException("too late")));
                Returned = task;
                return task;
            }

            [Traced, Timed, Counted]
            public Task<int> PendingAsync(TaskCompletionSource<int> source) => source.Task;

            [Traced, Counted]
            public async Task<int> RealAsync(bool fail)
            {
                await Task.Yield();
                return fail ? throw Keep(new FormatException("late failure")) : 1;
            }

            [Traced, Counted]
            public Task<string> CountCallsAsync(ref int calls)
            {
                calls++;
                return Task.FromResult("called " + calls);
            }

            [Traced, Counted]
            public Task? NothingAsync() => null;

            private static Exception Keep(Exception exception) => Thrown = exception;
        }

        public static class Program
        {
            public static object ParseNull() => new Parser().ParseAsync(null!);

            public static object ParseGarbage() => new Parser().ParseAsync("x");

            public static object SaveEmpty() => new Parser().SaveAsync("");

            public static object CountNone() => new Parser().CountAsync([]);

            public static object FlushFailing() => new Parser().FlushAsync(fail: true);

            public static Task<int> Faulted() => new Parser().FaultedAsync();

            public static Task<int> ParseNumber() => new Parser().ParseAsync("42");

            public static Task<int> Pending(TaskCompletionSource<int> source) => new Parser().PendingAsync(source);

            public static Task<int> Real(bool fail) => new Parser().RealAsync(fail);

            public static string CountCalls()
            {
                var calls = 0;
                var first = new Parser().CountCallsAsync(ref calls).Result;
                var second = new Parser().CountCallsAsync(ref calls).Result;
                return first + "|" + second + "|" + calls;
            }

            public static bool Nothing() => new Parser().NothingAsync() is null;

            public static async Task<string> AwaitEverythingAsync()
            {
                var parser = new Parser();
                var parsed = await parser.ParseAsync("7");
                await parser.SaveAsync("file");
                var counted = await parser.CountAsync([1, 2]);
                await parser.FlushAsync(fail: false);
                var real = await parser.RealAsync(fail: false);
                string caught;
                try
                {
                    await parser.ParseAsync(null!);
                    caught = "none";
                }
                catch (ArgumentNullException exception)
                {
                    caught = exception.ParamName!;
                }

                return $"{parsed}|{counted}|{real}|{caught}";
            }
        }
        """;
}
