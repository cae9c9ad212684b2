package co.usdcop.gate.common.graphql;

import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;

/**
 * The syntax check every GraphQL document gets before SmallRye sees it, whatever the transport (HTTP POST in
 * {@link GraphQLSyntaxGuard}, WebSocket subscriptions in {@link SyntaxCheckedExecutionService}): SmallRye answers a
 * document it cannot parse with a bare "Unparseable input document", without the parser's explanation and
 * without {@code extensions.code}.
 */
final class DocumentSyntax {

    private DocumentSyntax() {
    }

    /**
     * What is wrong with {@code query} as a GraphQL document, in words a client can act on (line, column and
     * offending token from the parser), or {@code null} when it parses within {@code maxTokens} tokens.
     */
    static String problem(String query, int maxTokens) {
        if (query == null || query.isBlank()) {
            return "The request has no 'query': send {\"query\": \"{ me { name } }\"}.";
        }
        try {
            ParserOptions options = ParserOptions.getDefaultParserOptions().transform(o -> o.maxTokens(maxTokens));
            new Parser().parseDocument(ParserEnvironment.newParserEnvironment().document(query)
                    .parserOptions(options).build());
            return null;
        } catch (InvalidSyntaxException e) {
            return "Malformed GraphQL document: " + e.getMessage();
        } catch (RuntimeException e) {
            return "The GraphQL document was refused: " + e.getMessage();
        }
    }
}
