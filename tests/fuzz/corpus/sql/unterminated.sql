select 'unterminated from t where a = "x
