namespace NumAgents.Instrumentation.Tests.Export.Prometheus;

public sealed class ContentNegotiationTests
{
    [Theory]
    // Prometheus 2.42, as it scrapes
    [InlineData("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1", PrometheusFormat.OpenMetrics)]
    // Prometheus 3.x, with its UTF-8 escaping parameter
    [InlineData("application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1", PrometheusFormat.OpenMetrics)]
    [InlineData("application/openmetrics-text; version=0.0.1", PrometheusFormat.OpenMetrics)]
    [InlineData("APPLICATION/OPENMETRICS-TEXT", PrometheusFormat.OpenMetrics)]
    [InlineData("text/plain;version=0.0.4", PrometheusFormat.Text)]
    [InlineData("text/plain;q=1, application/openmetrics-text;q=0.5", PrometheusFormat.Text)]
    [InlineData("application/openmetrics-text;q=0, text/plain", PrometheusFormat.Text)]
    [InlineData("application/openmetrics-text;version=2.0.0", PrometheusFormat.Text)]
    [InlineData("application/openmetrics-text;q=abc", PrometheusFormat.Text)]
    [InlineData("application/json", PrometheusFormat.Text)]
    [InlineData("*/*", PrometheusFormat.Text)]
    [InlineData("", PrometheusFormat.Text)]
    [InlineData(null, PrometheusFormat.Text)]
    [InlineData(",,;;=", PrometheusFormat.Text)]
    public void The_format_follows_the_Accept_header_and_falls_back_to_text(string? accept, PrometheusFormat expected)
        => Assert.Equal(expected, PrometheusContentNegotiation.FromAcceptHeader(accept));

    [Theory]
    [InlineData("gzip", true)]
    [InlineData("gzip, deflate, br", true)]
    [InlineData("GZIP;q=0.5", true)]
    [InlineData("gzip;q=0", false)]
    [InlineData("gzip; q=0.000", false)]
    [InlineData("deflate", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Gzip_is_used_when_listed_with_a_weight_above_zero(string? acceptEncoding, bool expected)
        => Assert.Equal(expected, PrometheusContentNegotiation.AcceptsGzip(acceptEncoding));

    [Fact]
    public void Each_format_has_its_content_type()
    {
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", new PrometheusExportOptions().ContentType);
        Assert.Equal("application/openmetrics-text; version=1.0.0; charset=utf-8", new PrometheusExportOptions { Format = PrometheusFormat.OpenMetrics }.ContentType);
    }
}
