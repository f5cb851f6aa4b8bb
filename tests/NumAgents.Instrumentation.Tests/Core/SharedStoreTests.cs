using NumAgents.Core;

namespace NumAgents.Instrumentation.Tests.Core;

public sealed class SharedStoreTests
{
    [Fact]
    public void Set_Get_Has_Delete_and_Keys()
    {
        var store = new SharedStore();
        store.Set("user", "ada");
        store.Set("count", 3);
        store["ratio"] = 0.5;

        Assert.Equal("ada", store.Get<string>("user"));
        Assert.Equal(3, store.Get<int>("count"));
        Assert.Equal(0.5, store["ratio"]);
        Assert.True(store.Has("user"));
        Assert.Equal(["count", "ratio", "user"], store.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(3, store.Count);

        Assert.True(store.Delete("user"));
        Assert.False(store.Delete("user"));
        Assert.False(store.Has("user"));
        Assert.Null(store.Get<string>("user"));
        Assert.Equal(-1, store.Get("missing", -1));
    }

    [Fact]
    public void Keys_are_ordinal()
    {
        var store = new SharedStore();
        store.Set("Key", 1);
        Assert.False(store.Has("key"));
    }

    [Fact]
    public void Initial_data_is_loaded()
    {
        var store = new SharedStore([new("a", 1), new("b", null)]);
        Assert.Equal(1, store.GetRequired<int>("a"));
        Assert.True(store.Has("b"));
        Assert.Null(store.GetRequired<string?>("b"));
        Assert.Equal(new Dictionary<string, object?> { ["a"] = 1, ["b"] = null }, store.ToDictionary());
    }

    [Fact]
    public void A_wrong_type_is_an_error_naming_key_and_types()
    {
        var store = new SharedStore();
        store.Set("count", 3);

        var get = Assert.Throws<InvalidCastException>(() => store.Get<string>("count"));
        Assert.Equal("Shared store key 'count' holds a System.Int32, not a System.String.", get.Message);
        Assert.Throws<InvalidCastException>(() => store.GetRequired<double>("count"));
        Assert.Throws<InvalidCastException>(() => store.TryGet<long>("count", out _));
    }

    [Fact]
    public void Null_is_not_a_value_type()
    {
        var store = new SharedStore();
        store.Set("n", null);

        Assert.Null(store.Get<int?>("n"));
        var error = Assert.Throws<InvalidCastException>(() => store.GetRequired<int>("n"));
        Assert.Contains("'n' holds null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetRequired_names_the_missing_key()
    {
        var store = new SharedStore();
        var error = Assert.Throws<KeyNotFoundException>(() => store.GetRequired<string>("api_key"));
        Assert.Equal("Shared store has no key 'api_key'.", error.Message);
        Assert.Throws<KeyNotFoundException>(() => store["api_key"]);
    }

    [Fact]
    public void TryGet_is_false_only_when_absent()
    {
        var store = new SharedStore();
        Assert.False(store.TryGet<string>("x", out _));
        store.Set("x", "value");
        Assert.True(store.TryGet<string>("x", out var value));
        Assert.Equal("value", value);
    }

    [Fact]
    public void Empty_or_null_keys_are_rejected()
    {
        var store = new SharedStore();
        Assert.Throws<ArgumentException>(() => store.Set("", 1));
        Assert.Throws<ArgumentNullException>(() => store.Get<int>(null!));
        Assert.Throws<ArgumentException>(() => new SharedStore([new("", 1)]));
    }

    [Fact]
    public void Concurrent_writers_and_GetOrAdd_agree()
    {
        var store = new SharedStore();
        var seen = new object?[64];
        Parallel.For(0, 64, i =>
        {
            store.Set("key" + i, i);
            seen[i] = store.GetOrAdd("shared", _ => new object());
            store.Delete("key" + i);
            store.Set("key" + i, i * 2);
        });

        Assert.Equal(65, store.Count);
        Assert.All(seen, s => Assert.Same(seen[0], s));
        Assert.All(Enumerable.Range(0, 64), i => Assert.Equal(i * 2, store.GetRequired<int>("key" + i)));
    }
}
