using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace NumAgents.Instrumentation.Tests.Logging;

[CollectionDefinition(nameof(StandardErrorCollection), DisableParallelization = true)]
public sealed class StandardErrorCollection;

/// <summary>With no logger factory, records go to standard error as JSON lines.</summary>
[Collection(nameof(StandardErrorCollection))]
public sealed class StandardErrorJsonLinesTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 21, 10, 30, 0, TimeSpan.Zero);

    [Fact]
    public void A_record_is_one_JSON_line_with_timestamp_level_message_service_ids_and_extras()
    {
        var monitor = new AgentMonitor(new MonitorOptions { ServiceName = "my_service", TimeProvider = new FakeTimeProvider(Now) });
        string traceId = "", spanId = "";
        var lines = CaptureStandardError("my_service", () =>
        {
            using var span = monitor.Tracer.Span("op");
            traceId = span.TraceId;
            spanId = span.SpanId;
            monitor.Log(LogLevel.Information, "User logged in", new Dictionary<string, object?> { ["user_id"] = "123", ["ip_address"] = "192.168.1.1", ["attempts"] = 2 });
        });

        var line = Assert.Single(lines);
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal(Now, root.GetProperty("timestamp").GetDateTimeOffset());
        Assert.Equal("Information", root.GetProperty("level").GetString());
        Assert.Equal("User logged in", root.GetProperty("message").GetString());
        Assert.Equal("my_service", root.GetProperty("service").GetString());
        Assert.Equal(traceId, root.GetProperty("trace_id").GetString());
        Assert.Equal(spanId, root.GetProperty("span_id").GetString());
        Assert.Equal("123", root.GetProperty("user_id").GetString());
        Assert.Equal("192.168.1.1", root.GetProperty("ip_address").GetString());
        Assert.Equal(2, root.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public void Odd_extras_never_throw_and_are_rendered_safely()
    {
        var cyclic = new Dictionary<string, object?> { ["name"] = "loop" };
        cyclic["self"] = cyclic;
        var cyclicList = new List<object?> { 1 };
        cyclicList.Add(cyclicList);
        var deep = new Dictionary<string, object?>();
        var cursor = deep;
        for (var i = 0; i < 40; i++)
        {
            var next = new Dictionary<string, object?>();
            cursor["d"] = next;
            cursor = next;
        }

        var monitor = new AgentMonitor(new MonitorOptions { ServiceName = "odd_extras", TimeProvider = new FakeTimeProvider(Now) });
        var lines = CaptureStandardError("odd_extras", () => monitor.Log(LogLevel.Warning, "odd \"extras\"\nsecond line", new Dictionary<string, object?>
        {
            ["null"] = null,
            ["nested"] = new Dictionary<string, object?> { ["a"] = new[] { 1, 2 }, ["b"] = new Dictionary<string, string> { ["c"] = "d" } },
            ["cycle"] = cyclic,
            ["cyclic_list"] = cyclicList,
            ["deep"] = deep,
            ["nan"] = double.NaN,
            ["when"] = Now,
            ["id"] = Guid.Empty,
            ["kind"] = SpanKind.Client,
            ["bad_tostring"] = new ThrowsOnToString(),
            ["bad_sequence"] = ThrowingSequence(),
            ["object"] = new Uri("https://example.com/x"),
            ["many"] = Enumerable.Range(0, 500),
            ["bytes"] = new byte[] { 1, 2, 3 },
        }));

        var line = Assert.Single(lines);
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal("odd \"extras\"\nsecond line", root.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("null").ValueKind);
        Assert.Equal(2, root.GetProperty("nested").GetProperty("a")[1].GetInt32());
        Assert.Equal("d", root.GetProperty("nested").GetProperty("b").GetProperty("c").GetString());
        Assert.Equal("[circular reference]", root.GetProperty("cycle").GetProperty("self").GetString());
        Assert.Equal("loop", root.GetProperty("cycle").GetProperty("name").GetString());
        Assert.Equal("[circular reference]", root.GetProperty("cyclic_list")[1].GetString());
        Assert.Contains("[max depth]", line, StringComparison.Ordinal);
        Assert.Equal("NaN", root.GetProperty("nan").GetString());
        Assert.Equal(Now, root.GetProperty("when").GetDateTimeOffset());
        Assert.Equal(Guid.Empty, root.GetProperty("id").GetGuid());
        Assert.Equal("Client", root.GetProperty("kind").GetString());
        Assert.StartsWith("[unserializable ThrowsOnToString", root.GetProperty("bad_tostring").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("[unserializable", root.GetProperty("bad_sequence").GetString(), StringComparison.Ordinal);
        Assert.Equal("https://example.com/x", root.GetProperty("object").GetString());
        Assert.Equal(101, root.GetProperty("many").GetArrayLength()); // 100 items and a truncation marker
        Assert.Equal("AQID", root.GetProperty("bytes").GetString());
        Assert.Equal(0, monitor.GetStatistics().InstrumentationErrors);
    }

    [Fact]
    public void The_minimum_level_filters_standard_error()
    {
        var monitor = new AgentMonitor(new MonitorOptions { ServiceName = "min_level", MinimumLogLevel = LogLevel.Warning });
        var lines = CaptureStandardError("min_level", () =>
        {
            monitor.Log(LogLevel.Debug, "hidden");
            monitor.Log(LogLevel.Information, "hidden too");
            monitor.Log(LogLevel.Error, new InvalidOperationException("why"), "shown");
        });

        var line = Assert.Single(lines);
        using var json = JsonDocument.Parse(line);
        Assert.Equal("Error", json.RootElement.GetProperty("level").GetString());
        Assert.Contains("InvalidOperationException: why", json.RootElement.GetProperty("exception").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_records_never_interleave()
    {
        var monitor = new AgentMonitor(serviceName: "concurrent");
        var lines = await CaptureStandardErrorAsync("concurrent", () => Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 50; i++) monitor.Log(LogLevel.Information, new string('x', 200), new Dictionary<string, object?> { ["thread"] = t, ["i"] = i });
        }))));

        Assert.Equal(200, lines.Length);
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            Assert.Equal(200, json.RootElement.GetProperty("message").GetString()!.Length);
        }
    }

    private static string[] CaptureStandardError(string service, Action action) => CaptureStandardErrorAsync(service, () =>
    {
        action();
        return Task.CompletedTask;
    }).GetAwaiter().GetResult();

    /// <summary>The lines this test's monitor wrote (other tests running meanwhile may write to standard error too).</summary>
    private static async Task<string[]> CaptureStandardErrorAsync(string service, Func<Task> action)
    {
        var original = Console.Error;
        using var writer = new StringWriter();
        Console.SetError(TextWriter.Synchronized(writer));
        try
        {
            await action();
        }
        finally
        {
            Console.SetError(original);
        }

        return writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => line.Contains($"\"service\":\"{service}\"", StringComparison.Ordinal)).ToArray();
    }

    private static IEnumerable<int> ThrowingSequence()
    {
        yield return 1;
        throw new InvalidOperationException("enumeration failed");
    }

    private sealed class ThrowsOnToString
    {
        public override string ToString() => throw new NotSupportedException("no");
    }
}
