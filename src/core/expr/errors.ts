/**
 * Error classes of the expression module.
 *
 * Messages follow OMNeT++ 6.1 (src/common/expression*.cc, exprnode*.cc, unitconversion.cc):
 * callers add the same context OMNeT++ adds, e.g. `Parse error in expression '...': ` for an
 * {@link ExprSyntaxError} and `Cannot evaluate expression '...': ` for an {@link ExprEvalError}.
 */

/** Base class of every error this module throws; also thrown as is by the unit helpers. */
export class ExprError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExprError';
  }
}

/**
 * The text could not be turned into an expression tree. This covers what OMNeT++ reports
 * from `Expression::parse()`: grammar errors (message `syntax error`), lexer errors
 * (`Unterminated string literal`), bad literals (`Cannot represent "1e999" in double`,
 * `Illegal escape sequence '\q'`, quantity errors) and translation errors
 * (`Function 'sqrt' invoked with wrong number of arguments (2 instead of 1)`).
 */
export class ExprSyntaxError extends ExprError {
  constructor(message: string) {
    super(message);
    this.name = 'ExprSyntaxError';
  }
}

/** Evaluating a parsed expression failed, e.g. `operator '+': Cannot convert unit none to 's' (second)`. */
export class ExprEvalError extends ExprError {
  constructor(message: string) {
    super(message);
    this.name = 'ExprEvalError';
  }
}
