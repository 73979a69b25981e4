using ArticlesApi.Features.Distribution.Ready;
using ArticlesApi.Features.ReadyNamed;
using Microsoft.Extensions.Primitives;

namespace ArticlesApi.Features.Articles.Ready;

/// The ReadyMade:* switches the public reads ask on every request, read once and again whenever the configuration reloads
/// (appsettings.json is watched, as IConfiguration.GetValue followed it): a GetValue per request walked every
/// configuration provider (ADR 0045, helper readylane).
public sealed class ReadyMadeSwitches
{
    sealed record Values(bool Article, bool NamedResources, bool NamedLists, bool Sitemaps);

    Values _values;

    public ReadyMadeSwitches(IConfiguration configuration)
    {
        _values = Read(configuration);
        ChangeToken.OnChange(configuration.GetReloadToken, () => Volatile.Write(ref _values, Read(configuration)));
    }

    static Values Read(IConfiguration configuration) => new(
        configuration.GetValue(ReadyArticles.EnabledSetting, true),
        configuration.GetValue(ReadyNamedResources.EnabledSetting, true),
        configuration.GetValue(ReadyNamedLists.EnabledSetting, true),
        configuration.GetValue(ReadySitemaps.EnabledSetting, true));

    /// ReadyMade:Article: the public article by id or slug.
    public bool Article => Volatile.Read(ref _values).Article;

    /// ReadyMade:NamedResources: one author, tag or source.
    public bool NamedResources => Volatile.Read(ref _values).NamedResources;

    /// ReadyMade:NamedLists: the lists of authors, tags and sources.
    public bool NamedLists => Volatile.Read(ref _values).NamedLists;

    /// ReadyMade:Sitemaps: the sitemaps (while ReadySitemapCatchUp has also checked its rows).
    public bool Sitemaps => Volatile.Read(ref _values).Sitemaps;
}
