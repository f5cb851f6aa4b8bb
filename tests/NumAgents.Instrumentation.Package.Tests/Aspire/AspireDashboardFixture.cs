using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace NumAgents.Instrumentation.Package.Tests.Aspire;

/// <summary>
/// Runs a real OTLP backend, the Aspire Dashboard (restored by the project's <c>PackageDownload</c>),
/// for the tests of a class (<c>IClassFixture</c>) or a collection (<c>ICollectionFixture</c>).
/// <para>
/// It listens on loopback only, on ports the OS picks (<c>:0</c>, read back from the dashboard's
/// startup log, so parallel test runs on one machine cannot race for a port), with the OTLP
/// receivers and the telemetry API unsecured. It is ready once the API answers. It is stopped by
/// process id, its whole process tree killed, on dispose and on a failed start; a watchdog shell
/// around it also kills it within a second if the test host dies without disposing it.
/// </para>
/// Tests that use it carry <c>[Trait("Requires", "aspire-dashboard")]</c>.
/// </summary>
public sealed partial class AspireDashboardFixture : IAsyncLifetime
{
    /// <summary>How long a start may take before it fails; about 1 s is usual on 2 cores.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Starts the dashboard ($2) in the background, prints its pid, and kills it once the test host
    /// ($1) is gone; ends with the dashboard's exit status. Killed with it on a normal stop.
    /// </summary>
    private const string WatchdogScript = """
        "$2" &
        dashboard=$!
        echo "aspire-dashboard-watchdog: dashboard pid $dashboard"
        while kill -0 "$1" 2>/dev/null && kill -0 "$dashboard" 2>/dev/null; do sleep 1; done
        kill "$dashboard" 2>/dev/null
        wait "$dashboard"
        """;

    /// <summary>Inherited variables with these prefixes could reconfigure the dashboard, or make it export its own telemetry.</summary>
    private static readonly string[] s_foreignVariablePrefixes = ["ASPNETCORE_", "ASPIRE_", "DASHBOARD__", "DOTNET_DASHBOARD_", "OTEL_", "Logging__"];

    private readonly Lock _gate = new();
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? _process;
    private HttpClient? _http;
    private DashboardTelemetryClient? _telemetry;
    private string? _home;
    private int? _dashboardProcessId;
    private Uri? _apiAddress;
    private Uri? _otlpGrpcEndpoint;
    private Uri? _otlpHttpEndpoint;

    /// <summary>The UI and telemetry API address, e.g. <c>http://127.0.0.1:37325/</c>.</summary>
    public Uri ApiAddress => _apiAddress ?? throw NotStarted();

    /// <summary>The OTLP/gRPC receiver; OTEL_EXPORTER_OTLP_ENDPOINT as is for protocol <c>grpc</c>.</summary>
    public Uri OtlpGrpcEndpoint => _otlpGrpcEndpoint ?? throw NotStarted();

    /// <summary>The OTLP/HTTP receiver (<c>/v1/traces</c>, <c>/v1/metrics</c>, <c>/v1/logs</c>; protobuf or JSON bodies).</summary>
    public Uri OtlpHttpEndpoint => _otlpHttpEndpoint ?? throw NotStarted();

    public DashboardTelemetryClient Telemetry => _telemetry ?? throw NotStarted();

    /// <summary>The dashboard's own process id, as its watchdog reported it.</summary>
    public int DashboardProcessId => _dashboardProcessId ?? throw NotStarted();

    /// <summary>Everything the dashboard and its watchdog wrote so far, stdout and stderr interleaved; for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_gate) return _output.ToString();
        }
    }

    /// <summary>The variables that point an OpenTelemetry .NET exporter in a child process at this dashboard.</summary>
    /// <param name="protocol"><c>grpc</c> (the exporter's default) or <c>http/protobuf</c>.</param>
    public IReadOnlyDictionary<string, string> OtlpExporterEnvironment(string protocol) => new Dictionary<string, string>
    {
        // For http/protobuf the exporter appends /v1/traces and /v1/metrics to this base address.
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = (protocol switch
        {
            "grpc" => OtlpGrpcEndpoint,
            "http/protobuf" => OtlpHttpEndpoint,
            _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "grpc or http/protobuf"),
        }).ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol,
    };

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch (Exception startFailure)
        {
            // A failed start must not leave the process behind; the start's exception stays the first to see.
            try
            {
                await StopAsync();
            }
            catch (AggregateException stopFailure)
            {
                throw new AggregateException(startFailure, stopFailure);
            }

            throw;
        }
    }

    public Task DisposeAsync() => StopAsync();

    private async Task StartAsync()
    {
        var executable = AspireDashboardLocator.FindExecutable();
        // Its own HOME and TMPDIR, deleted on stop: it writes an ASP.NET data-protection key under
        // ~/.aspnet and keeps its telemetry in a SQLite file under $TMPDIR/aspire-dashboard-*, which a
        // killed process cannot remove itself.
        _home = Directory.CreateTempSubdirectory("aspire-dashboard-home-").FullName;
        var temporary = Directory.CreateDirectory(Path.Combine(_home, "tmp")).FullName;
        var start = new ProcessStartInfo("/bin/sh")
        {
            // The app finds wwwroot and its appsettings through its working directory, not its own location.
            WorkingDirectory = Path.GetDirectoryName(executable)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(WatchdogScript);
        start.ArgumentList.Add("aspire-dashboard-watchdog");
        start.ArgumentList.Add(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(executable);
        foreach (var name in start.Environment.Keys.Where(k => s_foreignVariablePrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["HOME"] = _home;
        start.Environment["TMPDIR"] = temporary;
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = "http://127.0.0.1:0";
        start.Environment["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = "http://127.0.0.1:0";
        start.Environment["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true";
        start.Environment["DASHBOARD__API__ENABLED"] = "true";
        start.Environment["DASHBOARD__API__AUTHMODE"] = "Unsecured";

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => OnLine("out", e.Data);
        process.ErrorDataReceived += (_, e) => OnLine("err", e.Data);
        _process = process;
        var clock = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(_listening.Task, exited, Task.Delay(StartTimeout));
        if (first == exited) throw await ExitedEarlyAsync(process, executable);
        if (first != _listening.Task)
        {
            throw Failure($"Aspire Dashboard did not report all its addresses within {StartTimeout.TotalSeconds:F0} s (UI/API {_apiAddress?.ToString() ?? "missing"}, OTLP/gRPC {_otlpGrpcEndpoint?.ToString() ?? "missing"}, OTLP/HTTP {_otlpHttpEndpoint?.ToString() ?? "missing"}, pid {_dashboardProcessId?.ToString(CultureInfo.InvariantCulture) ?? "missing"}).", executable);
        }

        _http = new HttpClient { BaseAddress = _apiAddress, Timeout = TimeSpan.FromSeconds(5) };
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _telemetry = new DashboardTelemetryClient(_http);

        // Ready means the API answers: the port is bound before the app has finished starting.
        Exception? lastError = null;
        while (clock.Elapsed < StartTimeout)
        {
            if (process.HasExited) throw await ExitedEarlyAsync(process, executable);
            try
            {
                await _telemetry.GetResourcesAsync();
                return;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                lastError = exception;
            }

            await Task.Delay(100);
        }

        throw Failure($"Aspire Dashboard's API at {_apiAddress} did not answer within {StartTimeout.TotalSeconds:F0} s; last error: {lastError?.Message}", executable);
    }

    /// <summary>
    /// Kills the watchdog's process tree (the dashboard is in it), then the dashboard by its own id in
    /// case it escaped the tree. Every step runs even when an earlier one failed; only a process that
    /// may still be running makes this throw.
    /// </summary>
    private async Task StopAsync()
    {
        var problems = new List<Exception>();
        Interlocked.Exchange(ref _http, null)?.Dispose();
        var process = Interlocked.Exchange(ref _process, null);
        if (process is not null)
        {
            using (process)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // It had exited already.
                }
                catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or NotSupportedException or AggregateException)
                {
                    problems.Add(exception);
                }

                using var timeout = new CancellationTokenSource(StopTimeout);
                try
                {
                    await process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    problems.Add(new TimeoutException($"The dashboard's watchdog (pid {process.Id}) was still running {StopTimeout.TotalSeconds:F0} s after it was killed."));
                }
            }
        }

        if (_dashboardProcessId is int id)
        {
            var leftover = KillIfRunning(id);
            if (leftover is not null) problems.Add(leftover);
        }

        var home = Interlocked.Exchange(ref _home, null);
        try
        {
            if (home is not null) Directory.Delete(home, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A temporary folder; leaving it behind hurts nobody, and must not hide a test's own failure.
        }

        if (problems.Count > 0)
        {
            throw new AggregateException($"The Aspire Dashboard (pid {_dashboardProcessId}) may still be running.\n--- dashboard output ---\n{Output}", problems);
        }
    }

    /// <returns>Null once the process is gone, else what went wrong.</returns>
    private static Exception? KillIfRunning(int processId)
    {
        try
        {
            using var dashboard = Process.GetProcessById(processId);
            // Linux reports at most 15 characters of the name ("Aspire.Dashboar"); anything else means the id was reused.
            if (dashboard.HasExited || !"Aspire.Dashboard".StartsWith(dashboard.ProcessName, StringComparison.Ordinal)) return null;
            dashboard.Kill();
            return dashboard.WaitForExit(StopTimeout) ? null : new TimeoutException($"Aspire Dashboard (pid {processId}) did not exit after it was killed.");
        }
        catch (ArgumentException)
        {
            return null; // No such process.
        }
        catch (InvalidOperationException)
        {
            return null; // It exited while being looked at.
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return exception;
        }
    }

    private void OnLine(string stream, string? line)
    {
        if (line is null) return;
        lock (_gate)
        {
            _output.Append(stream).Append(": ").AppendLine(line);
            if (WatchdogLine().Match(line) is { Success: true } watchdog)
            {
                _dashboardProcessId = int.Parse(watchdog.Groups["pid"].Value, CultureInfo.InvariantCulture);
            }
            else if (AddressLine().Match(line) is { Success: true } address && Uri.TryCreate(address.Groups["url"].Value, UriKind.Absolute, out var url) && url.IsLoopback)
            {
                switch (address.Groups["name"].Value)
                {
                    case "Dashboard": _apiAddress = url; break;
                    case "OTLP/gRPC": _otlpGrpcEndpoint = url; break;
                    default: _otlpHttpEndpoint = url; break;
                }
            }

            if (_apiAddress is not null && _otlpGrpcEndpoint is not null && _otlpHttpEndpoint is not null && _dashboardProcessId is not null)
            {
                _listening.TrySetResult();
            }
        }
    }

    private async Task<Exception> ExitedEarlyAsync(Process process, string executable)
    {
        await process.WaitForExitAsync(); // also drains the output
        return Failure($"Aspire Dashboard exited with code {process.ExitCode} before it was ready.", executable);
    }

    private InvalidOperationException Failure(string message, string executable)
        => new($"{message}\nexecutable: {executable}\n--- dashboard output ---\n{Output}");

    private static InvalidOperationException NotStarted() => new("The Aspire Dashboard fixture has not started.");

    [GeneratedRegex(@"^aspire-dashboard-watchdog: dashboard pid (?<pid>\d+)$")]
    private static partial Regex WatchdogLine();

    /// <summary>The summary block the dashboard logs once every endpoint is bound: "- OTLP/gRPC:  http://127.0.0.1:45249".</summary>
    [GeneratedRegex(@"^\s*- (?<name>Dashboard|OTLP/gRPC|OTLP/HTTP):\s+(?<url>http://\S+)\s*$")]
    private static partial Regex AddressLine();
}
