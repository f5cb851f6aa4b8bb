using System.Buffers.Binary;
using System.Diagnostics;

namespace NumAgents.Instrumentation.Tracing;

/// <summary>Moves W3C ids between <see cref="Activity"/>'s types and our integers, through bytes (never through parsed text).</summary>
internal static class ActivityIds
{
    public static void Read(ActivityTraceId traceId, out ulong high, out ulong low)
    {
        Span<byte> bytes = stackalloc byte[16];
        traceId.CopyTo(bytes);
        high = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        low = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
    }

    public static ulong Read(ActivitySpanId spanId)
    {
        Span<byte> bytes = stackalloc byte[8];
        spanId.CopyTo(bytes);
        return BinaryPrimitives.ReadUInt64BigEndian(bytes);
    }

    public static ActivityTraceId ToTraceId(ulong high, ulong low)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, high);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], low);
        return ActivityTraceId.CreateFromBytes(bytes);
    }

    public static ActivitySpanId ToSpanId(ulong id)
    {
        if (id == 0) return default;
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, id);
        return ActivitySpanId.CreateFromBytes(bytes);
    }

    public static ActivityContext ToContext(in SpanContext context)
        => new(ToTraceId(context.TraceIdHigh, context.TraceIdLow), ToSpanId(context.SpanIdValue), context.IsSampled ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None, context.TraceState, context.IsRemote);

    public static SpanContext FromActivity(Activity activity)
    {
        Read(activity.TraceId, out var high, out var low);
        return new SpanContext(high, low, Read(activity.SpanId), activity.Recorded, activity.TraceStateString, isRemote: false);
    }

    public static ActivityKind ToActivityKind(SpanKind kind) => kind switch
    {
        SpanKind.Server => ActivityKind.Server,
        SpanKind.Client => ActivityKind.Client,
        SpanKind.Producer => ActivityKind.Producer,
        SpanKind.Consumer => ActivityKind.Consumer,
        _ => ActivityKind.Internal,
    };

    public static SpanKind ToSpanKind(ActivityKind kind) => kind switch
    {
        ActivityKind.Server => SpanKind.Server,
        ActivityKind.Client => SpanKind.Client,
        ActivityKind.Producer => SpanKind.Producer,
        ActivityKind.Consumer => SpanKind.Consumer,
        _ => SpanKind.Internal,
    };
}
