using System.Collections.Concurrent;

namespace ArticlesApi.Infrastructure.Auth;

/// API keys that authenticated on this instance lately, by the SHA-256 of their secret. The rate limiter
/// runs before authentication and gives a request its key's window only when its key is one of these;
/// any other Authorization value counts against its address's anonymous window, so junk keys can neither
/// open fresh windows nor reach the database faster than anonymous requests. Only keys that passed a
/// database lookup get in, and at most Capacity of them, so nobody outside can grow this set.
/// Authentication still looks every key up on every request: a revoked key fails there on every
/// instance (and is forgotten on failure); the instance that revokes it forgets it at once.
public sealed class VerifiedKeys(TimeProvider time)
{
    public const int Capacity = 10_000;

    /// A key unused this long falls back to its address's window for one request, until it authenticates again.
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    readonly ConcurrentDictionary<string, Entry> _keys = new();

    sealed record Entry(Guid KeyId, DateTimeOffset Until, bool IsReader);

    public bool TryFind(byte[] secretHash, out Guid keyId) => TryFind(secretHash, out keyId, out _);

    /// isReader: a reader key, which has a window of its own (RateLimiting:Readers).
    public bool TryFind(byte[] secretHash, out Guid keyId, out bool isReader)
    {
        keyId = default;
        isReader = false;
        var name = Convert.ToHexString(secretHash);
        if (!_keys.TryGetValue(name, out var entry))
            return false;
        if (entry.Until <= time.GetUtcNow())
        {
            _keys.TryRemove(new KeyValuePair<string, Entry>(name, entry));
            return false;
        }
        keyId = entry.KeyId;
        isReader = entry.IsReader;
        return true;
    }

    public void Remember(byte[] secretHash, Guid keyId, bool isReader = false)
    {
        var now = time.GetUtcNow();
        if (_keys.Count >= Capacity)
        {
            foreach (var (name, entry) in _keys)
                if (entry.Until <= now)
                    _keys.TryRemove(new KeyValuePair<string, Entry>(name, entry));
            // Still full of live keys: this one keeps counting against its address until room is made.
            if (_keys.Count >= Capacity)
                return;
        }
        _keys[Convert.ToHexString(secretHash)] = new Entry(keyId, now + Lifetime, isReader);
    }

    public void Forget(byte[] secretHash) => _keys.TryRemove(Convert.ToHexString(secretHash), out _);

    public void Forget(Guid keyId)
    {
        foreach (var (name, entry) in _keys)
            if (entry.KeyId == keyId)
                _keys.TryRemove(new KeyValuePair<string, Entry>(name, entry));
    }
}
