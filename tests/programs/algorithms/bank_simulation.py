# A small object model: accounts, transfers, a ledger and errors.
class InsufficientFunds(Exception):
    def __init__(self, account, amount):
        super().__init__(f"{account.owner} cannot pay {amount}")
        self.shortfall = amount - account.balance
class Account:
    _next_number = 1
    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
        self.number = Account._next_number
        Account._next_number += 1
    def __repr__(self):
        return f"Account#{self.number}({self.owner}, {self.balance})"
    def withdraw(self, amount):
        if amount > self.balance:
            raise InsufficientFunds(self, amount)
        self.balance -= amount
class Bank:
    def __init__(self):
        self.accounts = {}
        self.ledger = []
    def open(self, owner, balance=0):
        account = self.accounts[owner] = Account(owner, balance)
        return account
    def transfer(self, source, target, amount):
        try:
            self.accounts[source].withdraw(amount)
        except InsufficientFunds as e:
            self.ledger.append(("failed", source, target, amount, e.shortfall))
            return False
        self.accounts[target].balance += amount
        self.ledger.append(("ok", source, target, amount))
        return True
bank = Bank()
for owner, money in [("ann", 100), ("bob", 20), ("cid", 0)]:
    bank.open(owner, money)
print(bank.transfer("ann", "bob", 30), bank.transfer("bob", "cid", 80), bank.transfer("cid", "ann", 0))
print(list(bank.accounts.values()))
for entry in bank.ledger:
    print(*entry)
print(sum(a.balance for a in bank.accounts.values()))
