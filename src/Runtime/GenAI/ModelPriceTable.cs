namespace NumAgents.Instrumentation.GenAI;

/// <summary>
/// Finds the price of a model: an exact id (case-insensitive), or, for an entry whose key ends in
/// <c>*</c>, an id that starts with the rest (the table's author chose that; nothing is guessed). The
/// longest matching prefix wins.
/// </summary>
internal sealed class ModelPriceTable
{
    private readonly Dictionary<string, ModelPrice> _exact;
    private readonly (string Prefix, ModelPrice Price)[] _prefixes;

    public ModelPriceTable(IDictionary<string, ModelPrice> prices)
    {
        _exact = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);
        var prefixes = new List<(string, ModelPrice)>();
        foreach (var (model, price) in prices)
        {
            price.Validate(model);
            if (model.EndsWith('*')) prefixes.Add((model[..^1], price));
            else _exact[model] = price;
        }

        _prefixes = [.. prefixes.OrderByDescending(p => p.Item1.Length)];
    }

    public ModelPrice? Find(string? model)
    {
        if (string.IsNullOrEmpty(model)) return null;
        if (_exact.TryGetValue(model, out var price)) return price;
        foreach (var (prefix, candidate) in _prefixes)
        {
            if (model.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return candidate;
        }

        return null;
    }
}
