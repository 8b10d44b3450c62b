# A traceback through methods and a lambda.
class Account:
    def __init__(self, balance):
        self.balance = balance
    def apply(self, op):
        return op(self.balance)
acct = Account(5)
print(acct.apply(lambda b: b * 2))
acct.apply(lambda b: b.upper())
