using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace NumAgents.Instrumentation.Package.Tests.Aspire;

/// <summary>
/// A typed client over the Aspire Dashboard's telemetry API (<c>/api/telemetry/*</c>, unsecured mode),
/// with polling helpers: OTLP export is asynchronous, so what a sender flushed shows up a little later.
/// </summary>
public sealed class DashboardTelemetryClient
{
    /// <summary>How long the <c>WaitFor*</c> helpers poll unless told otherwise.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(20);

    private readonly HttpClient _http;

    /// <param name="http">A client whose <see cref="HttpClient.BaseAddress"/> is the dashboard's UI/API address; not owned.</param>
    public DashboardTelemetryClient(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(http.BaseAddress);
        _http = http;
    }

    /// <summary><c>GET /api/telemetry/resources</c>: every sender seen, with what kinds of telemetry it sent.</summary>
    public async Task<IReadOnlyList<DashboardResource>> GetResourcesAsync(CancellationToken cancellationToken = default)
    {
        using var answer = await GetJsonAsync("api/telemetry/resources", cancellationToken)
            ?? throw new HttpRequestException($"GET {_http.BaseAddress}api/telemetry/resources answered 404: is the dashboard's API enabled (DASHBOARD__API__ENABLED=true)?", null, HttpStatusCode.NotFound);
        return OtlpJson.ReadResources(answer.RootElement);
    }

    /// <summary><c>GET /api/telemetry/traces</c>: the spans of the newest <paramref name="limit"/> traces (dashboard default 100).</summary>
    /// <param name="resource">A resource name or display name; unknown (yet) reads as nothing found.</param>
    public async Task<TelemetryPage<TelemetrySpan>> GetTracesAsync(string? resource = null, bool? hasError = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        using var answer = await GetJsonAsync(Query("api/telemetry/traces", ("resource", resource), ("hasError", Bool(hasError)), ("limit", Int(limit))), cancellationToken);
        return answer is null ? TelemetryPage<TelemetrySpan>.Empty : OtlpJson.ReadSpans(answer.RootElement);
    }

    /// <summary><c>GET /api/telemetry/traces/{traceId}</c>: every span of one trace, or null while the dashboard has none of it.</summary>
    public async Task<TelemetryPage<TelemetrySpan>?> GetTraceAsync(string traceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(traceId);
        using var answer = await GetJsonAsync("api/telemetry/traces/" + Uri.EscapeDataString(traceId), cancellationToken);
        return answer is null ? null : OtlpJson.ReadSpans(answer.RootElement);
    }

    /// <summary><c>GET /api/telemetry/spans</c>: the newest <paramref name="limit"/> matching spans (dashboard default 200).</summary>
    /// <param name="hasError">True: only spans whose status is Error; false: only the others.</param>
    public async Task<TelemetryPage<TelemetrySpan>> GetSpansAsync(string? resource = null, string? traceId = null, bool? hasError = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        using var answer = await GetJsonAsync(Query("api/telemetry/spans", ("resource", resource), ("traceId", traceId), ("hasError", Bool(hasError)), ("limit", Int(limit))), cancellationToken);
        return answer is null ? TelemetryPage<TelemetrySpan>.Empty : OtlpJson.ReadSpans(answer.RootElement);
    }

    /// <summary><c>GET /api/telemetry/logs</c>: the newest <paramref name="limit"/> matching log records (dashboard default 200).</summary>
    /// <param name="severity">Minimum severity: Trace, Debug, Information, Warning, Error or Critical.</param>
    public async Task<TelemetryPage<TelemetryLog>> GetLogsAsync(string? resource = null, string? traceId = null, string? severity = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        using var answer = await GetJsonAsync(Query("api/telemetry/logs", ("resource", resource), ("traceId", traceId), ("severity", severity), ("limit", Int(limit))), cancellationToken);
        return answer is null ? TelemetryPage<TelemetryLog>.Empty : OtlpJson.ReadLogs(answer.RootElement);
    }

    /// <summary>Polls <c>/traces/{traceId}</c> until <paramref name="isComplete"/> accepts its spans.</summary>
    public async Task<IReadOnlyList<TelemetrySpan>> WaitForTraceAsync(string traceId, Func<IReadOnlyList<TelemetrySpan>, bool> isComplete, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(isComplete);
        var page = await WaitForAsync(
            $"trace {traceId}",
            token => GetTraceAsync(traceId, token),
            trace => trace is not null && isComplete(trace.Items),
            timeout,
            trace => trace is null ? "no span of it yet" : Describe(trace.Items),
            cancellationToken);
        return page!.Items;
    }

    /// <summary>Polls <c>/logs?traceId=</c> until <paramref name="isComplete"/> accepts the trace's log records.</summary>
    public async Task<IReadOnlyList<TelemetryLog>> WaitForLogsAsync(string traceId, Func<IReadOnlyList<TelemetryLog>, bool> isComplete, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(isComplete);
        var page = await WaitForAsync(
            $"logs of trace {traceId}",
            token => GetLogsAsync(traceId: traceId, cancellationToken: token),
            logs => isComplete(logs.Items),
            timeout,
            logs => $"{logs.Items.Count} log record(s): " + string.Join("; ", logs.Items.Select(l => $"{l.SeverityText} '{l.Body}' span {l.SpanId}")),
            cancellationToken);
        return page.Items;
    }

    /// <summary>Polls <c>/resources</c> until one entry matches.</summary>
    public async Task<DashboardResource> WaitForResourceAsync(string description, Func<DashboardResource, bool> match, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        var resources = await WaitForAsync(
            description,
            GetResourcesAsync,
            all => all.Any(match),
            timeout,
            all => "resources: " + JsonSerializer.Serialize(all),
            cancellationToken);
        return resources.First(match);
    }

    /// <summary>
    /// Runs <paramref name="query"/> until <paramref name="isDone"/> accepts its result, backing off from
    /// 50 ms to 1 s between tries; throws <see cref="TimeoutException"/> naming <paramref name="description"/>
    /// and the last result (through <paramref name="describe"/>) when <paramref name="timeout"/> runs out.
    /// </summary>
    public static async Task<T> WaitForAsync<T>(
        string description,
        Func<CancellationToken, Task<T>> query,
        Func<T, bool> isDone,
        TimeSpan? timeout = null,
        Func<T, string>? describe = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(isDone);
        var limit = timeout ?? DefaultWait;
        var clock = Stopwatch.StartNew();
        var pause = TimeSpan.FromMilliseconds(50);
        var tries = 0;
        while (true)
        {
            var result = await query(cancellationToken);
            tries++;
            if (isDone(result)) return result;
            if (clock.Elapsed >= limit)
            {
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                    $"The dashboard did not show {description} within {limit.TotalSeconds:F0} s ({tries} queries). Last answer: {(describe is null ? result?.ToString() : describe(result))}"));
            }

            await Task.Delay(pause < limit - clock.Elapsed ? pause : limit - clock.Elapsed, cancellationToken);
            pause = TimeSpan.FromMilliseconds(Math.Min(1000, pause.TotalMilliseconds * 2));
        }
    }

    /// <summary>One line per span, for failure messages.</summary>
    public static string Describe(IEnumerable<TelemetrySpan> spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        var builder = new StringBuilder();
        foreach (var span in spans) builder.AppendLine().Append("  ").Append(span);
        return builder.Length == 0 ? "no spans" : builder.ToString();
    }

    /// <summary>The parsed answer, or null for 404 (an unknown trace, or a resource filter naming no sender yet).</summary>
    private async Task<JsonDocument?> GetJsonAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(path, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"GET {_http.BaseAddress}{path} answered {(int)response.StatusCode} {response.ReasonPhrase}: {(body.Length > 500 ? body[..500] : body)}", null, response.StatusCode);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
    }

    private static string Query(string path, params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(p => p.Value is not null).Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!)).ToList();
        return present.Count == 0 ? path : path + "?" + string.Join('&', present);
    }

    private static string? Bool(bool? value) => value switch { true => "true", false => "false", null => null };

    private static string? Int(int? value) => value?.ToString(CultureInfo.InvariantCulture);
}
