using System.Net;
using System.Net.Sockets;

namespace NumAgents.Instrumentation.Export.Prometheus.Http;

/// <summary>
/// What a <see cref="MetricsServer"/> host string binds, and how its URL names it.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term><c>127.0.0.1</c> (default), any IPv4 address</term><description>that address.</description></item>
/// <item><term><c>0.0.0.0</c></term><description>every IPv4 interface (what a container needs to be scraped from outside).</description></item>
/// <item><term><c>*</c>, <c>+</c></term><description>every interface, IPv4 and IPv6 (one dual-stack socket; IPv4 only where the OS has no IPv6).</description></item>
/// <item><term><c>::</c>, <c>[::]</c></term><description>every IPv6 interface.</description></item>
/// <item><term><c>::1</c>, <c>[::1]</c>, any IPv6 address</term><description>that address (needs IPv6 enabled, which some containers disable).</description></item>
/// <item><term><c>localhost</c></term><description>127.0.0.1 and, where IPv6 is available, ::1.</description></item>
/// </list>
/// No form needs a URL reservation (HttpListener's <c>netsh http add urlacl</c> on Windows); a port below 1024
/// needs root or <c>CAP_NET_BIND_SERVICE</c> on Linux. Host names other than <c>localhost</c> are rejected: a
/// socket binds addresses, and a name can resolve to addresses the machine does not have.
/// </remarks>
internal sealed class ListenAddresses
{
    private ListenAddresses(string urlHost, params (IPAddress Address, bool DualMode, bool Optional)[] sockets)
    {
        UrlHost = urlHost;
        Sockets = sockets;
    }

    /// <summary>How the server's URL writes the host: the address bound, in brackets for IPv6.</summary>
    public string UrlHost { get; }

    /// <summary>
    /// The sockets to bind: address, whether it also accepts IPv4 (an IPv6 wildcard), and whether the server
    /// may go on without it (the IPv6 half of <c>localhost</c> on a machine without IPv6).
    /// </summary>
    public IReadOnlyList<(IPAddress Address, bool DualMode, bool Optional)> Sockets { get; }

    public static ListenAddresses Parse(string host)
    {
        var text = host.Trim();
        switch (text)
        {
            case "*" or "+":
                return Socket.OSSupportsIPv6 ? new("[::]", (IPAddress.IPv6Any, true, false)) : new("0.0.0.0", (IPAddress.Any, false, false));
            case "localhost":
                return Socket.OSSupportsIPv6
                    ? new("localhost", (IPAddress.Loopback, false, false), (IPAddress.IPv6Loopback, false, true))
                    : new("localhost", (IPAddress.Loopback, false, false));
        }

        var literal = text.Length > 2 && text[0] == '[' && text[^1] == ']' ? text[1..^1] : text;
        if (IPAddress.TryParse(literal, out var address) && (address.AddressFamily == AddressFamily.InterNetworkV6 || IsDottedQuad(literal)))
        {
            return address.AddressFamily == AddressFamily.InterNetworkV6
                ? new("[" + address + "]", (address, false, false))
                : new(address.ToString(), (address, false, false));
        }

        throw new ArgumentException(
            $"The metrics server cannot bind host '{host}': use an IP address (127.0.0.1, 0.0.0.0, ::1, [::1]), 'localhost', or '*' or '+' for every interface.",
            nameof(host));
    }

    // IPAddress.TryParse also reads "1" or "0x7f.1" as IPv4; a host meant as a name must not bind by accident.
    private static bool IsDottedQuad(string text) => text.Count(c => c == '.') == 3 && text.All(c => char.IsAsciiDigit(c) || c == '.');
}
