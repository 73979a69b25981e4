using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;

namespace ArticlesApi.Infrastructure.Http;

/// Declares that a representation type shows one resource of `Kind` (`article`, `author`, `tag`, `source`): every
/// read that contains one carries the key `<kind>-<id>`, and a list of them the key `<kind>s`. CountsArticles: the
/// representation shows how many published articles it has, which any article write may change, so it also carries
/// `article-counts` (purged with every article change).
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class SurrogateKeyAttribute(string kind) : Attribute
{
    public string Kind { get; } = kind;
    public bool CountsArticles { get; init; }
}

/// A representation that names its keys itself, for what a walk of its members cannot find (a feed's articles are
/// `articles`, whatever items it holds now; a filtered feed also the tag's or author's key). Added as list keys.
public interface ISurrogateKeyed
{
    IEnumerable<string> SurrogateKeys();
}

/// The `Surrogate-Key` (Fastly, Varnish xkey; space-separated) and `Cache-Tag` (Cloudflare; comma-separated)
/// of a read, from the representation it sends: the resources it shows, found by walking the DTO through the
/// types declared [SurrogateKey]. Representations sets them on every ConditionalRead, so 304s and the response
/// cache's hits repeat them. Bounded by MaxLength: when the keys would be longer, the most numerous kind is
/// folded into its list key (`tags` for every `tag-<id>`), which a purge of any one of them also purges
/// (a purger purges `<kind>s` with every `<kind>-<id>`, see deploy/varnish). docs/decisions/0030-preview-reader-keys-and-cdn-purge.md.
/// A representation whose keys were found before it was made (a page of ready-made summaries, each stored with the
/// keys of a walk of it): list keys, then resource keys (`<kind>-<id>`) in the order a walk would find them.
public interface IKnownSurrogateKeys
{
    IEnumerable<string> ListKeys();
    IEnumerable<string> ResourceKeys();
}

public static class SurrogateKeys
{
    public const string SurrogateKeyHeader = "Surrogate-Key";
    public const string CacheTagHeader = "Cache-Tag";
    public const string ArticleCounts = "article-counts";

    /// Varnish's default http_resp_hdr_len is 8 KB per header line (and http_resp_size 32 KB for all of them, which
    /// both headers fit); Fastly and Cloudflare take 16 KB. 100 article keys take 4,500.
    public const int MaxLength = 7000;

    sealed record Plan(SurrogateKeyAttribute? Declared, PropertyInfo? Id, PropertyInfo[] Members, string? ListOf);

    static readonly ConcurrentDictionary<Type, Plan> Plans = new();

    /// The keys of `dto` in the order found (the resource itself first), without duplicates, within MaxLength.
    public static IReadOnlyList<string> Of(object dto)
    {
        var byKind = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var lists = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (dto is IKnownSurrogateKeys known)
            return Grouped(known, byKind, lists, seen);
        if (dto is ISurrogateKeyed keyed)
            lists.AddRange(keyed.SurrogateKeys().Where(seen.Add));
        Walk(dto, byKind, lists, seen, depth: 0);
        return Bounded(byKind, lists);
    }

    public static void Set(IHeaderDictionary headers, object dto)
    {
        var keys = Of(dto);
        if (keys.Count == 0)
            return;
        headers[SurrogateKeyHeader] = string.Join(' ', keys);
        headers[CacheTagHeader] = string.Join(',', keys);
    }

    /// The keys a walk of the same DTO would find, from keys found before (ready-made representations store theirs).
    static List<string> Grouped(IKnownSurrogateKeys known, Dictionary<string, List<string>> byKind, List<string> lists, HashSet<string> seen)
    {
        foreach (var key in known.ListKeys())
            if (seen.Add(key))
                lists.Add(key);
        foreach (var key in known.ResourceKeys())
        {
            if (key.Length <= 37 || !seen.Add(key))
                continue;
            // `<kind>-<id>`, the id a UUID of 36 characters.
            var kind = key[..^37];
            if (kind == ArticleCounts)
                continue;
            if (!byKind.TryGetValue(kind, out var keys))
                byKind[kind] = keys = [];
            keys.Add(key);
        }
        return Bounded(byKind, lists);
    }

    static void Walk(object value, Dictionary<string, List<string>> byKind, List<string> lists, HashSet<string> seen, int depth)
    {
        if (depth > 8)
            return;
        var plan = Plans.GetOrAdd(value.GetType(), PlanOf);
        if (plan.ListOf is { } listKey && seen.Add(listKey))
            lists.Add(listKey);
        if (plan.Declared is { } declared && plan.Id?.GetValue(value) is Guid id)
        {
            var key = $"{declared.Kind}-{id:D}";
            if (seen.Add(key))
            {
                if (!byKind.TryGetValue(declared.Kind, out var keys))
                    byKind[declared.Kind] = keys = [];
                keys.Add(key);
            }
            if (declared.CountsArticles && seen.Add(ArticleCounts))
                lists.Add(ArticleCounts);
        }
        foreach (var member in plan.Members)
        {
            switch (member.GetValue(value))
            {
                case null or string:
                    break;
                case IEnumerable items:
                    foreach (var item in items)
                        if (item is not null && Plans.GetOrAdd(item.GetType(), PlanOf) is var p && (p.Declared is not null || p.Members.Length > 0))
                            Walk(item, byKind, lists, seen, depth + 1);
                    break;
                case var nested:
                    Walk(nested, byKind, lists, seen, depth + 1);
                    break;
            }
        }
    }

    /// What to read of a type: its declaration and id, and the members that may hold declared types (classes of
    /// this assembly, or collections of them).
    static Plan PlanOf(Type type)
    {
        var declared = type.GetCustomAttribute<SurrogateKeyAttribute>();
        var id = declared is null ? null : type.GetProperty("Id", typeof(Guid));
        var members = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && MayHoldDeclared(p.PropertyType))
            .ToArray();
        string? listOf = null;
        if (type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IPage<>)) is { } page
            && page.GetGenericArguments()[0].GetCustomAttribute<SurrogateKeyAttribute>() is { } item)
            listOf = item.Kind + "s";
        return new Plan(declared, id, members, listOf);
    }

    static bool MayHoldDeclared(Type type)
    {
        if (type == typeof(string))
            return false;
        if (type.IsClass && type.Assembly == typeof(SurrogateKeys).Assembly)
            return true;
        var element = type.IsArray ? type.GetElementType()
            : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
                ?.GetGenericArguments()[0];
        return element is not null && element.IsClass && element != typeof(string) && element.Assembly == typeof(SurrogateKeys).Assembly;
    }

    /// The resources kind by kind in the order found, then the list keys; while too long, the kind with the most
    /// keys is replaced by its list key.
    static List<string> Bounded(Dictionary<string, List<string>> byKind, List<string> lists)
    {
        // Loops, not LINQ: every conditional read's answer comes here, most with a handful of keys.
        int count;
        while (true)
        {
            var length = -1;
            count = lists.Count;
            foreach (var key in lists)
                length += key.Length + 1;
            foreach (var keys in byKind.Values)
            {
                count += keys.Count;
                foreach (var key in keys)
                    length += key.Length + 1;
            }
            if (length <= MaxLength || byKind.Count == 0)
                break;
            var (kind, _) = byKind.MaxBy(pair => pair.Value.Count);
            byKind.Remove(kind);
            if (!lists.Contains(kind + "s"))
                lists.Add(kind + "s");
        }
        var result = new List<string>(count);
        foreach (var keys in byKind.Values)
            result.AddRange(keys);
        result.AddRange(lists);
        return result;
    }
}
