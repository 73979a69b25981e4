using System.Text.RegularExpressions;

namespace ArticlesApi.Infrastructure.Validation;

/// ISO 3166-1 alpha-2 country codes (the officially assigned ones, plus XK for Kosovo, which the
/// EU and most news agencies use).
public static class Countries
{
    static readonly HashSet<string> Codes = new(
        """
        AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
        CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR
        GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO
        JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR
        MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO
        RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV
        TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XK
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);

    /// Upper case, as stored ("IT").
    public static bool IsKnown(string? code) => code is not null && Codes.Contains(code);

    /// The known codes in any case, as an ECMA-262 pattern for the OpenAPI document.
    public static string Pattern { get; } = $"^{CodePattern.AnyCase(Codes)}$";

    internal static string Alternatives { get; } = CodePattern.AnyCase(Codes);
}

/// Two-letter codes as a compact pattern in any case: `(?:[Aa][D-Gd-gIi…]|[Bb]…)`, one group per first letter.
static class CodePattern
{
    public static string AnyCase(IEnumerable<string> codes) => "(?:" + string.Join('|', codes
        .Select(c => c.ToUpperInvariant())
        .GroupBy(c => c[0])
        .OrderBy(g => g.Key)
        .Select(g => $"[{g.Key}{char.ToLowerInvariant(g.Key)}][{Ranges(g.Select(c => c[1]))}{Ranges(g.Select(c => char.ToLowerInvariant(c[1])))}]")) + ")";

    static string Ranges(IEnumerable<char> letters)
    {
        var sorted = letters.Distinct().Order().ToList();
        var result = new System.Text.StringBuilder();
        for (var i = 0; i < sorted.Count; i++)
        {
            var start = i;
            while (i + 1 < sorted.Count && sorted[i + 1] == sorted[i] + 1)
                i++;
            result.Append(sorted[start]);
            if (i - start >= 2)
                result.Append('-');
            if (i > start)
                result.Append(sorted[i]);
        }
        return result.ToString();
    }
}

/// BCP 47 language tags limited to what a newsroom writes: a known ISO 639-1 language, then an
/// optional script (Latn, Cyrl, Hans…) and an optional region (BR, 419). "it", "en-GB", "zh-Hant-TW".
public static partial class Languages
{
    static readonly HashSet<string> Iso639_1 = new(
        """
        aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo
        es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka
        kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng
        nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su
        sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);

    public static bool IsKnown(string? tag) =>
        tag is not null && Tag().Match(tag) is { Success: true } m && Iso639_1.Contains(m.Groups["language"].Value.ToLowerInvariant())
        && (!m.Groups["region"].Success || m.Groups["region"].Value.All(char.IsDigit) || Countries.IsKnown(m.Groups["region"].Value.ToUpperInvariant()));

    /// The conventional casing: "pt-br" → "pt-BR", "zh-hant-tw" → "zh-Hant-TW".
    public static string Normalize(string tag)
    {
        var m = Tag().Match(tag);
        var result = m.Groups["language"].Value.ToLowerInvariant();
        if (m.Groups["script"].Success)
            result += "-" + char.ToUpperInvariant(m.Groups["script"].Value[0]) + m.Groups["script"].Value[1..].ToLowerInvariant();
        if (m.Groups["region"].Success)
            result += "-" + m.Groups["region"].Value.ToUpperInvariant();
        return result;
    }

    /// The tags IsKnown accepts, as an ECMA-262 pattern for the OpenAPI document (known languages and regions in any case).
    public static string Pattern { get; } =
        $"^{CodePattern.AnyCase(Iso639_1)}(?:-[A-Za-z]{{4}})?(?:-(?:{Countries.Alternatives}|[0-9]{{3}}))?$";

    [GeneratedRegex("^(?<language>[A-Za-z]{2})(?:-(?<script>[A-Za-z]{4}))?(?:-(?<region>[A-Za-z]{2}|[0-9]{3}))?\\z")]
    private static partial Regex Tag();
}
