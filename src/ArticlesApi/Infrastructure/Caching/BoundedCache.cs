using System.Collections.Concurrent;

namespace ArticlesApi.Infrastructure.Caching;

/// A process-wide map of answers that never go stale (functions of their key and of what only a migration changes), bounded:
/// once it outgrows its limit it is emptied, so a flood of distinct keys costs statements again, not memory.
public sealed class BoundedCache<TKey, TValue>(int max) where TKey : notnull
{
    readonly ConcurrentDictionary<TKey, TValue> _map = new();
    int _count;

    public bool TryGetValue(TKey key, out TValue value) => _map.TryGetValue(key, out value!);

    public bool ContainsKey(TKey key) => _map.ContainsKey(key);

    public void Keep(TKey key, TValue value)
    {
        if (!_map.TryAdd(key, value))
            return;
        if (Interlocked.Increment(ref _count) <= max)
            return;
        _map.Clear();
        Interlocked.Exchange(ref _count, 0);
    }
}
