namespace NumAgents.Instrumentation.Generators.Tests;

/// <summary>Inputs shared by the snapshot, incremental and execution tests.</summary>
internal static partial class Sources
{
    public const string SyncMethods = """
        using NumAgents.Instrumentation;

        namespace Shop.Services;

        public sealed class Calculator
        {
            public int Resets { get; private set; }

            [Traced, Timed, Counted]
            public int Add(int a, int b = 1) => a + b;

            [Counted("calculator.resets", Description = "Resets", ExtraLabels = ["team=math"])]
            public void Reset() => Resets++;

            [Traced]
            public static string Join(string separator, params string[] parts) => string.Join(separator, parts);

            [Timed, Counted]
            public double Scale([Label] string unit, [Label("precision")] int digits, double value)
                => unit == "fail" ? throw new System.InvalidOperationException("bad unit") : System.Math.Round(value, digits);
        }

        public static class Program
        {
            public static string Run()
            {
                var calculator = new Calculator();
                var sum = calculator.Add(1, 2) + calculator.Add(b: 3, a: 4) + calculator.Add(5);
                calculator.Reset();
                var joined = Calculator.Join("-", "a", "b") + Calculator.Join(separator: ",");
                var scaled = calculator?.Scale("cm", 2, 1.2345);
                try
                {
                    calculator!.Scale("fail", 1, 1);
                }
                catch (System.InvalidOperationException)
                {
                }

                return $"{sum}|{calculator!.Resets}|{joined}|{scaled:0.00}";
            }
        }
        """;

    public const string AsyncMethods = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using NumAgents.Instrumentation;

        namespace Shop.Services;

        public sealed class Fetcher
        {
            public static System.Action? AfterFetch { get; set; }

            [Traced, Timed]
            public async Task WarmUpAsync() => await Task.Yield();

            [Traced, Timed, Counted]
            public async Task<string> FetchAsync([Label] string source, CancellationToken cancellationToken = default)
            {
                await Task.Delay(1, cancellationToken);
                AfterFetch?.Invoke();
                return source == "broken" ? throw new System.IO.IOException("unreachable") : "page from " + source;
            }

            [Counted]
            public ValueTask PingAsync() => ValueTask.CompletedTask;

            [Timed]
            public async ValueTask<int> CountAsync(int upTo)
            {
                await Task.Yield();
                return upTo;
            }

            [Traced, Counted]
            public async IAsyncEnumerable<int> StreamAsync(int count)
            {
                for (var i = 0; i < count; i++)
                {
                    await Task.Yield();
                    yield return i;
                }
            }
        }

        public static class Program
        {
            public static async Task<string> RunAsync()
            {
                var fetcher = new Fetcher();
                await fetcher.WarmUpAsync();
                var page = await fetcher.FetchAsync("docs");
                await fetcher.PingAsync();
                var counted = await fetcher.CountAsync(3);
                var sum = 0;
                await foreach (var item in fetcher.StreamAsync(4))
                {
                    sum += item;
                }

                return $"{page}|{counted}|{sum}";
            }

            public static Task<string> FailAsync() => new Fetcher().FetchAsync("broken");
        }
        """;

    public const string GenericMethods = """
        using System.Collections.Generic;
        using NumAgents.Instrumentation;

        namespace Shop.Data;

        public sealed class Repository<TEntity>
            where TEntity : class
        {
            private readonly Dictionary<string, TEntity> _items = new();

            [Traced, Counted]
            public void Save(string key, TEntity entity) => _items[key] = entity;

            [Traced, Timed]
            public TEntity? Find<TKey>(TKey key)
                where TKey : notnull
                => _items.TryGetValue(key.ToString()!, out var entity) ? entity : null;

            public static class Nested<TExtra>
            {
                [Counted]
                public static (TEntity?, TExtra) Pair(TEntity? entity, TExtra extra) => (entity, extra);
            }
        }

        public static class Converter
        {
            [Timed]
            public static TOut Convert<TIn, TOut>(TIn value, System.Func<TIn, TOut> map)
                where TIn : struct
                where TOut : new()
                => map(value);
        }

        public static class Program
        {
            public static string Run()
            {
                var repository = new Repository<string>();
                repository.Save("a", "apple");
                var found = repository.Find(1) ?? repository.Find<string>("a");
                var pair = Repository<string>.Nested<int>.Pair(found, 7);
                return Generic(repository, "a") + "|" + pair + "|" + Converter.Convert<int, List<int>>(3, v => [v]).Count;
            }

            private static string Generic<T>(Repository<T> repository, string key)
                where T : class
                => repository.Find(key)?.ToString() ?? "none";
        }
        """;

    public const string ExtensionAndInterfaceMethods = """
        using NumAgents.Instrumentation;

        namespace Shop.Text;

        public interface IRetriever
        {
            [Traced, Counted]
            string Retrieve([Label] string index, string query);
        }

        public sealed class KeywordRetriever : IRetriever
        {
            public string Retrieve(string index, string query) => index + ":" + query;
        }

        public static class TextExtensions
        {
            [Traced, Timed]
            public static string Slugify(this string text, char separator = '-') => text.Trim().ToLowerInvariant().Replace(' ', separator);
        }

        public static class Program
        {
            public static string Run()
            {
                IRetriever retriever = new KeywordRetriever();
                var first = retriever.Retrieve("docs", "hello");
                var second = retriever.Retrieve(query: "bye", index: "faq");
                return first + "|" + second + "|" + " Hello World ".Slugify() + "|" + TextExtensions.Slugify("A B", '_');
            }
        }
        """;

    public const string ByReference = """
        using NumAgents.Instrumentation;

        namespace Shop.Math;

        public struct Accumulator
        {
            public int Total;

            [Counted]
            public void Add(int value) => Total += value;
        }

        public readonly struct Range(int start, int end)
        {
            [Traced]
            public int Length() => end - start;
        }

        public static class Parsing
        {
            [Traced, Counted]
            public static bool TryParse(string text, out int value, ref int attempts, in int fallback)
            {
                attempts++;
                if (int.TryParse(text, out value)) return true;
                value = fallback;
                return false;
            }
        }

        public static class Program
        {
            public static string Run()
            {
                var attempts = 0;
                var ok = Parsing.TryParse("42", out var parsed, ref attempts, 7);
                var bad = Parsing.TryParse("x", out var fallback, ref attempts, in parsed);
                var accumulator = new Accumulator();
                accumulator.Add(5);
                var length = new Range(2, 9).Length();
                return $"{ok}|{parsed}|{bad}|{fallback}|{attempts}|{accumulator.Total}|{length}";
            }
        }
        """;

    public const string NotIntercepted = """
        using System;
        using System.Linq;
        using System.Linq.Expressions;
        using NumAgents.Instrumentation;

        namespace Shop.Edge;

        public class Tool
        {
            [Traced]
            public virtual string Run(string input) => "tool:" + input;
        }

        public class FancyTool : Tool
        {
            [Counted]
            public override string Run(string input) => "fancy:" + base.Run(input);
        }

        public static class Program
        {
            public static string Run()
            {
                var tool = new Tool();
                Tool throughBase = new FancyTool();
                Func<string, string> group = tool.Run;
                Expression<Func<Tool, string>> tree = t => t.Run("tree");
                var query = new[] { tool }.AsQueryable().Select(t => t.Run("query")).ToArray();
                return tool.Run("direct") + "|" + throughBase.Run("virtual") + "|" + group("group") + "|" + nameof(tool.Run) + "|" + tree.Compile()(tool) + "|" + query[0];
            }
        }
        """;
}
