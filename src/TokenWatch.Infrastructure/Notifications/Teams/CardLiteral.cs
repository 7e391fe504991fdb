namespace TokenWatch.Infrastructure.Notifications.Teams;

/// <summary>
/// Text as an Adaptive Card shows it, character for character. Renderers evaluate <c>{{DATE(…)}}</c> and
/// <c>{{TIME(…)}}</c> in every text (the official one turns a token named <c>{{DATE(2017-02-14T06:08:39Z, SHORT)}}</c>
/// into "Tue, Feb 14, 2017"), and a card used as a template evaluates <c>${…}</c>: an invisible WORD JOINER
/// (U+2060) between the two characters that open each expression keeps the text as written, on screen and in a copy.
/// </summary>
internal static class CardLiteral
{
    private const string Joiner = "\u2060";

    public static string Of(string text) =>
        text.Replace("{{", "{" + Joiner + "{", StringComparison.Ordinal)
            .Replace("{{", "{" + Joiner + "{", StringComparison.Ordinal) // "{{{" leaves a pair after one pass
            .Replace("${", "$" + Joiner + "{", StringComparison.Ordinal);
}
