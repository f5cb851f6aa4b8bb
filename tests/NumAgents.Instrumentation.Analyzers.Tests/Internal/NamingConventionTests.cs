using NumAgents.Instrumentation.Analyzers.Internal;

namespace NumAgents.Instrumentation.Analyzers.Tests.Internal;

public sealed class NamingConventionTests
{
    [Theory]
    [InlineData("api.requests.total")]
    [InlineData("http.server.request_duration")]
    [InlineData("status.2xx")]
    [InlineData("x")]
    public void Conventional_names_pass(string name) => Assert.True(NamingConvention.IsConventional(name));

    [Theory]
    [InlineData("ApiRequests", "api_requests")]
    [InlineData("HTTPRequestsTotal", "http_requests_total")]
    [InlineData("Http2Requests", "http2_requests")]
    [InlineData("Memory Usage Bytes", "memory.usage.bytes")]
    [InlineData("db/query:duration", "db.query.duration")]
    [InlineData("cache..hits", "cache.hits")]
    [InlineData("__Private__Name", "private_name")]
    [InlineData("orders.Placed-Total", "orders.placed.total")]
    public void Suggestions_are_lowercase_dotted_with_snake_case_words(string name, string expected)
    {
        Assert.False(NamingConvention.IsConventional(name));
        Assert.Equal(expected, NamingConvention.Suggest(name));
    }

    [Theory]
    [InlineData("café.orders")]
    [InlineData("2xx")]
    [InlineData("...")]
    public void No_suggestion_when_no_ascii_spelling_exists(string name) => Assert.Null(NamingConvention.Suggest(name));
}
