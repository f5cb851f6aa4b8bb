namespace NumAgents.Instrumentation;

/// <summary>The role of a <see cref="Span"/> in a trace (OpenTelemetry's span kinds).</summary>
public enum SpanKind
{
    /// <summary>An internal operation with no remote parent or child (the default).</summary>
    Internal = 0,

    /// <summary>The server side of a synchronous remote call.</summary>
    Server = 1,

    /// <summary>The client side of a synchronous remote call.</summary>
    Client = 2,

    /// <summary>The sender of an asynchronous message.</summary>
    Producer = 3,

    /// <summary>The receiver of an asynchronous message.</summary>
    Consumer = 4,
}
