namespace NumAgents.Instrumentation.Generators.Tests;

internal static partial class Sources
{
    /// <summary>
    /// Identifiers written with <c>@</c>: a namespace segment, a node class nested in a static class, a label
    /// property, the seam's parameter, a type, methods, parameters and a type parameter. Generated code must
    /// escape each where C# needs it; span, metric and label names use the plain name.
    /// </summary>
    public const string Keywords = """
        using NumAgents.Core;
        using NumAgents.Instrumentation;

        namespace Shop.@namespace
        {
            public static partial class @static
            {
                [Traced, Timed, Counted]
                public partial class @event : Node
                {
                    [Label]
                    public string @class { get; set; } = "vip";

                    protected override NodeResult Exec(SharedStore @in) => new() { ["handled"] = @class };
                }
            }

            public sealed class @operator
            {
                [Traced, Counted]
                public int @return([Label] string @default, int @int) => @default.Length + @int;

                [Timed]
                public static @struct @as<@struct>(@struct @in) => @in;

                [Traced]
                public static string @await(string @await) => @await + "!";
            }

            public static class Program
            {
                public static string Run()
                {
                    var result = new @static.@event().Run(new SharedStore());
                    var sum = new @operator().@return("abc", 4);
                    var same = @operator.@as(7);
                    return $"{result["handled"]}|{sum}|{same}|{@operator.@await("hi")}";
                }
            }
        }
        """;
}
