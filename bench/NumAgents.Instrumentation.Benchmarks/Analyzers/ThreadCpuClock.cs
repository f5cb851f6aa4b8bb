using System.Diagnostics;
using System.Runtime.InteropServices;

namespace NumAgents.Instrumentation.Benchmarks.Analyzers;

/// <summary>
/// CPU time of the calling thread in nanoseconds (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>): unlike wall time it
/// does not grow while the thread waits for a core, so the report stays meaningful on a shared machine.
/// Elsewhere it falls back to <see cref="Stopwatch"/> ticks converted to nanoseconds.
/// </summary>
internal static class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    public static bool IsCpuTime { get; } = OperatingSystem.IsLinux();

    public static long Now()
    {
        if (IsCpuTime && ClockGetTime(ClockThreadCpuTimeId, out var time) == 0)
        {
            return (time.Seconds * 1_000_000_000L) + time.Nanoseconds;
        }

        return (long)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency));
    }

    // DllImport rather than LibraryImport: the signature needs no marshalling and the project stays free of unsafe code.
    [DllImport("libc", EntryPoint = "clock_gettime")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054
    private static extern int ClockGetTime(int clockId, out TimeSpec time);
#pragma warning restore SYSLIB1054

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
