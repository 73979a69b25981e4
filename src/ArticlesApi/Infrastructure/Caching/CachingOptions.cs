namespace ArticlesApi.Infrastructure.Caching;

public sealed class CachingOptions
{
    public const string Section = "Caching";

    /// Cache-Control max-age for anonymous reads of published content.
    public int PublicMaxAgeSeconds { get; set; } = 60;

    /// The in-process cache of anonymous reads; false answers every read from the database (comparisons).
    public bool Enabled { get; set; } = true;

    /// The longest a cached answer is served; a write or a scheduled article's time ends it sooner.
    public int ResponseSeconds { get; set; } = 30;

    /// Memory the cached answers may take (bodies and keys).
    public int SizeLimitMegabytes { get; set; } = 64;

    /// How often content_changes is read for writes committed elsewhere (other replicas, other processes);
    /// 0 stops it, and then only this process's own writes empty its cache.
    public int ChangePollMilliseconds { get; set; } = 1000;
}
