using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NumAgents.Instrumentation;

/// <summary>Registers trace correlation for <see cref="ILogger"/> calls.</summary>
public static class TraceCorrelationLoggingBuilderExtensions
{
    /// <summary>
    /// Makes every logger of the factory being built report the current span's <c>trace_id</c> and
    /// <c>span_id</c> as a scope (see <see cref="TraceCorrelationScopeProvider"/>).
    /// </summary>
    /// <param name="builder">The logging builder, for example in <c>LoggerFactory.Create(builder => ...)</c>.</param>
    /// <param name="tracer">The tracer whose service name is reported with activities of other libraries (our spans carry their own tracer's); <see langword="null"/> reports none for those.</param>
    /// <returns>The builder.</returns>
    public static ILoggingBuilder AddTraceCorrelation(this ILoggingBuilder builder, Tracer? tracer = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IExternalScopeProvider>(new TraceCorrelationScopeProvider(tracer));
        return builder;
    }
}
